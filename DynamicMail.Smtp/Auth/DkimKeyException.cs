namespace DynamicMail.Smtp.Auth;

/// <summary>A DKIM/ARC key that could not be had: temporarily (DNS failed) or for good (no key, revoked, unreadable).</summary>
public sealed class DkimKeyException : Exception
{
    public DkimKeyException(string message, bool temporary) : base(message) => Temporary = temporary;

    public DkimKeyException() : this("no key", false) { }

    public DkimKeyException(string message) : this(message, false) { }

    public DkimKeyException(string message, Exception inner) : base(message, inner) { }

    public bool Temporary { get; }
}
