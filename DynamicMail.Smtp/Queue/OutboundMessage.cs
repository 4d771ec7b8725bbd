namespace DynamicMail.Smtp.Queue;

/// <summary>A message DynamicMail itself sends (a DSN to a sender), waiting in the outbox with its bytes inline.</summary>
public sealed class OutboundMessage
{
    public string Id { get; set; } = "";

    /// <summary>The one envelope recipient: the original sender.</summary>
    public string Recipient { get; set; } = "";

    /// <summary>What it is, for logs and the console ("failed", "delayed").</summary>
    public string Kind { get; set; } = "";

    /// <summary>The queued message it reports on.</summary>
    public string OriginalId { get; set; } = "";
    public string OriginalDomain { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public byte[] Content { get; set; } = [];
}
