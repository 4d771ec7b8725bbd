namespace DynamicMail.Smtp.Queue;

/// <summary>One envelope recipient and its delivery state.</summary>
public sealed class QueuedRecipient
{
    public string Address { get; set; } = "";
    public RecipientState State { get; set; } = RecipientState.Queued;

    /// <summary>Who holds the delivery lease while <see cref="RecipientState.Delivering"/>.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastReply { get; set; }
    public string? HeldReason { get; set; }

    /// <summary>Attempts in a row that ended in an internal error of ours (not a reply); poison once it reaches the limit.</summary>
    public int Faults { get; set; }

    /// <summary>The server that gave <see cref="LastReply"/> (host or address), for DSNs' Remote-MTA.</summary>
    public string? RemoteMta { get; set; }
    public DateTime? LastAttemptAt { get; set; }

    /// <summary>True while the recipient still needs something done.</summary>
    public bool IsPending => State is RecipientState.Queued or RecipientState.Delivering or RecipientState.Held;

    /// <summary>True when a delivery path may claim it at <paramref name="now"/>.</summary>
    public bool IsClaimable(DateTime now) =>
        (State == RecipientState.Queued && NextAttemptAt <= now)
        || (State == RecipientState.Delivering && LeaseExpiresAt <= now);
}
