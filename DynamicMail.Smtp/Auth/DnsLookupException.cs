namespace DynamicMail.Smtp.Auth;

/// <summary>A lookup that got no definite answer (time-out, SERVFAIL, refused): a temporary error for whoever asked.</summary>
public sealed class DnsLookupException(string message) : Exception(message)
{
    public DnsLookupException() : this("DNS lookup failed") { }

    public DnsLookupException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}
