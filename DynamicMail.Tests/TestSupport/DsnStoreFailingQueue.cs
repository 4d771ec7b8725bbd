using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.TestSupport;

/// <summary>The real queue, except that a settlement carrying DSNs fails as on a store that cannot take them.</summary>
public sealed class DsnStoreFailingQueue(IMailQueue inner) : IMailQueue
{
    private int _failedSettlements;

    /// <summary>Settlements with DSNs refused so far.</summary>
    public int FailedSettlements => Volatile.Read(ref _failedSettlements);

    public Task<bool> SettleAsync(Settlement settlement)
    {
        if (settlement.Outbound.Count == 0)
        {
            return inner.SettleAsync(settlement);
        }
        Interlocked.Increment(ref _failedSettlements);
        throw new StoreUnavailableException("test: the store cannot take this DSN");
    }

    public Task<QueuedMessage> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default) => inner.EnqueueAsync(message, cancellationToken);
    public Task<IReadOnlyList<QueuedMessage>> ClaimAsync(string domain, string owner, int max, TimeSpan lease) => inner.ClaimAsync(domain, owner, max, lease);
    public Task CompleteAsync(string messageId, string owner, IReadOnlyList<DeliveryOutcome> outcomes) => inner.CompleteAsync(messageId, owner, outcomes);
    public Task ReleaseAsync(string owner) => inner.ReleaseAsync(owner);
    public Task<Stream> OpenContentAsync(QueuedMessage message, CancellationToken cancellationToken = default) => inner.OpenContentAsync(message, cancellationToken);

    public Task AttachSealsAsync(IReadOnlyList<(string Id, byte[] Seal)> seals) => inner.AttachSealsAsync(seals);
    public Task<QueuedMessage?> FindAsync(string id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);
    public Task<IReadOnlyList<QueuedMessage>> ListDomainAsync(string domain, int skip, int take, CancellationToken cancellationToken = default) =>
        inner.ListDomainAsync(domain, skip, take, cancellationToken);
    public QueueSummary Summarize(string domain) => inner.Summarize(domain);
    public IReadOnlyDictionary<string, QueueSummary> SummarizeAll() => inner.SummarizeAll();
    public Task<DateTime?> NextAttemptAtAsync(string domain, CancellationToken cancellationToken = default) => inner.NextAttemptAtAsync(domain, cancellationToken);
    public Task<IReadOnlyList<QueuedMessage>> DueForAgeingAsync(DateTime now, int max, CancellationToken cancellationToken = default) =>
        inner.DueForAgeingAsync(now, max, cancellationToken);
    public Task<DateTime?> NextDeadlineAsync(CancellationToken cancellationToken = default) => inner.NextDeadlineAsync(cancellationToken);
    public Task<RecoveryReport> RecoverAsync() => inner.RecoverAsync();
}
