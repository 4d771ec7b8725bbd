namespace DynamicMail.Smtp.Queue;

/// <summary>The durable queue. Every write goes through the store's single writer.</summary>
public interface IMailQueue
{
    /// <summary>Stores a message; completes only when it is on stable storage.</summary>
    Task<QueuedMessage> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> messages of a domain, oldest first, leasing their claimable recipients to <paramref name="owner"/>.</summary>
    Task<IReadOnlyList<QueuedMessage>> ClaimAsync(string domain, string owner, int max, TimeSpan lease);

    /// <summary>Records outcomes for recipients leased by <paramref name="owner"/>; removes the message when nothing is pending.</summary>
    Task CompleteAsync(string messageId, string owner, IReadOnlyList<DeliveryOutcome> outcomes);

    /// <summary>Gives back every lease <paramref name="owner"/> still holds.</summary>
    Task ReleaseAsync(string owner);

    /// <summary>Opens the stored bytes of a message.</summary>
    Stream OpenContent(QueuedMessage message);

    QueuedMessage? Find(string id);

    IReadOnlyList<QueuedMessage> ListDomain(string domain, int skip, int take);

    QueueSummary Summarize(string domain);

    /// <summary>When the next recipient of the domain becomes claimable; null when none is pending.</summary>
    DateTime? NextAttemptAt(string domain);
}
