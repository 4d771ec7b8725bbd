namespace DynamicMail.Smtp.Ingest;

/// <summary>Whether the MX listener is bound and accepting (for the readiness endpoint).</summary>
public interface IListenerHealth
{
    /// <summary>Why senders cannot connect now, or null when the listener is up.</summary>
    string? Problem { get; }
}
