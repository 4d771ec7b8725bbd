namespace DynamicMail.Smtp.Queue;

/// <summary>
/// One queued message: envelope, a summary of its headers for the console, and per-recipient state.
/// The bytes live apart (see <see cref="IMailQueue.OpenContentAsync"/>) so scans never load them.
/// </summary>
public sealed class QueuedMessage
{
    /// <summary>Queue id; time-ordered, so ordering by id is ordering by arrival.</summary>
    public string Id { get; set; } = "";
    public string Domain { get; set; } = "";
    public string Sender { get; set; } = "";
    public DateTime ArrivedAt { get; set; }
    public long Size { get; set; }
    public string? From { get; set; }
    public string? Subject { get; set; }
    public string? MessageId { get; set; }
    public string? ClientAddress { get; set; }
    public string? Helo { get; set; }

    /// <summary>How the sender's session was encrypted ("TLSv1.3 with cipher …"); null when it came in clear.</summary>
    public string? Tls { get; set; }

    /// <summary>Sender authentication at the door (the Authentication-Results value without its authserv-id); null: not checked.</summary>
    public string? Auth { get; set; }

    /// <summary>Path of the spool file for large bodies; null when the body is stored inline.</summary>
    public string? SpoolFile { get; set; }

    public List<QueuedRecipient> Recipients { get; set; } = [];

    /// <summary>
    /// Earliest time at which a pending recipient may be attempted; null when nothing is pending. Kept by the store
    /// (see <see cref="MessageSchedule"/>) so claims find due mail without reading every message.
    /// </summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>Earliest ageing deadline (delay warning or expiry); indexed for the expiry worker.</summary>
    public DateTime? NextDeadline { get; set; }

    /// <summary>Delay-warning thresholds already reported to the sender.</summary>
    public int DelayWarningsSent { get; set; }

    public bool IsPending => Recipients.Exists(r => r.IsPending);

    /// <summary>
    /// Whether the message must stay stored: something is still to be delivered, or a refused recipient's sender
    /// has not been told yet (a <see cref="RecipientState.Failed"/> recipient becomes Returned once its DSN is queued).
    /// </summary>
    public bool MustKeep => Recipients.Exists(r => r.IsPending || r.State == RecipientState.Failed);
}
