namespace DynamicMail.Smtp.Queue;

/// <summary>What happened to one recipient in one delivery attempt.</summary>
public sealed record DeliveryOutcome(string Address, RecipientOutcome Kind, string? Reply, TimeSpan? RetryAfter = null)
{
    /// <summary>The server that answered, when one did.</summary>
    public string? Remote { get; init; }

    /// <summary>The attempt ended in an internal error of ours, not in a reply (counted toward setting the message aside).</summary>
    public bool Fault { get; init; }
}

public enum RecipientOutcome
{
    /// <summary>2xx from the customer's server.</summary>
    Delivered,
    /// <summary>4xx: keep it queued and try again after a backoff.</summary>
    TryLater,
    /// <summary>Per-recipient 5xx.</summary>
    Rejected,
    /// <summary>Per-recipient 5xx for a domain that holds refusals for the operator (HoldRejected).</summary>
    Held,
    /// <summary>Not attempted (presence lost, site fault): give the lease back unchanged.</summary>
    Released,
}
