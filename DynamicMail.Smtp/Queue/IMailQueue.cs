namespace DynamicMail.Smtp.Queue;

/// <summary>
/// The durable queue, implemented by each store (LiteDB, PostgreSQL). Every method is one store operation: what it
/// changes commits together, and a method that completes has committed. A store publishes
/// <see cref="Events.MessageQueued"/> when a message is stored and <see cref="Events.MessageLeftQueue"/> when one
/// leaves it (delivered, settled, deleted), and keeps <see cref="MessageSchedule"/>'s times with every message it writes.
/// </summary>
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

    /// <summary>Opens the stored bytes of a message, its ARC set first when one was attached (see <see cref="AttachSealsAsync"/>).</summary>
    Task<Stream> OpenContentAsync(QueuedMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps DynamicMail's ARC set of each message still queued, to go in front of its content from then on (a message
    /// no longer queued is skipped). Not a durable promise: a seal lost in a crash is made again at delivery.
    /// </summary>
    Task AttachSealsAsync(IReadOnlyList<(string Id, byte[] Seal)> seals);

    /// <summary>The message with this queue id, or null when it is not (or no longer) queued.</summary>
    Task<QueuedMessage?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A domain's queued messages, oldest first.</summary>
    Task<IReadOnlyList<QueuedMessage>> ListDomainAsync(string domain, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Pending mail of a domain, from memory (no store read).</summary>
    QueueSummary Summarize(string domain);

    /// <summary>Pending mail of every domain that has some, from memory (no store read).</summary>
    IReadOnlyDictionary<string, QueueSummary> SummarizeAll();

    /// <summary>When the next recipient of the domain becomes claimable; null when none is pending.</summary>
    Task<DateTime?> NextAttemptAtAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>Messages whose ageing deadline (refusal to report, delay warning, expiry) has come, earliest first.</summary>
    Task<IReadOnlyList<QueuedMessage>> DueForAgeingAsync(DateTime now, int max, CancellationToken cancellationToken = default);

    /// <summary>The earliest ageing deadline of any message; null when none.</summary>
    Task<DateTime?> NextDeadlineAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an ageing decision, stores its DSNs in the outbox and its audit entry (when it has one), in one durable
    /// commit; removes the message when nothing is left to do. False (nothing changed) when the message changed
    /// since it was read.
    /// </summary>
    Task<bool> SettleAsync(Settlement settlement);

    /// <summary>
    /// Runs once at start-up, before ingest and delivery: gives back the leases a previous process held when it died
    /// and deletes spool files whose message never committed.
    /// </summary>
    Task<RecoveryReport> RecoverAsync();
}

/// <summary>What start-up recovery found.</summary>
public sealed record RecoveryReport(int Messages, int ReleasedRecipients, int OrphanFilesDeleted);
