using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>The ageing side of the queue: deadlines by index, settlements with their DSNs in one durable commit.</summary>
internal sealed partial class LiteDbMailQueue
{
    public Task<IReadOnlyList<QueuedMessage>> DueForAgeingAsync(DateTime now, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<QueuedMessage>>(
            Collection.Find(Param.Between(nameof(QueuedMessage.NextDeadline), new BsonValue(DateTime.MinValue), new BsonValue(now)), limit: max).ToList());

    public Task<DateTime?> NextDeadlineAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Collection.Find(Param.Between(nameof(QueuedMessage.NextDeadline), new BsonValue(DateTime.MinValue), new BsonValue(DateTime.MaxValue)), limit: 1)
            .FirstOrDefault()?.NextDeadline);

    public async Task<bool> SettleAsync(Settlement settlement)
    {
        var (applied, removed) = await _store.WriteAsync(db => Settle(db, settlement), durable: true).ConfigureAwait(false);
        if (removed is not null)
        {
            Forget(removed);
        }
        return applied;
    }

    private (bool Applied, QueuedMessage? Removed) Settle(LiteDatabase db, Settlement s)
    {
        var col = db.GetCollection<QueuedMessage>(Messages);
        var message = col.FindById(s.MessageId);
        if (message is null || message.DelayWarningsSent != s.ExpectedWarningsSent)
        {
            return (false, null);
        }
        var targets = s.Changes.Select(c => (Change: c, Recipient: message.Recipients.Find(r => r.Address == c.Address && r.State == c.From))).ToList();
        if (targets.Exists(t => t.Recipient is null))
        {
            return (false, null);
        }
        foreach (var (change, recipient) in targets)
        {
            recipient!.State = change.To;
            recipient.LeaseOwner = null;
            recipient.LeaseExpiresAt = null;
        }
        message.DelayWarningsSent = s.DelayWarningsSent;
        foreach (var outbound in s.Outbound)
        {
            LiteDbOutbox.Insert(db, outbound);
        }
        if (s.Audit is { } audit)
        {
            LiteDbAuditLog.Insert(db, audit);
        }
        if (message.MustKeep)
        {
            Touch(message);
            col.Update(message);
            return (true, null);
        }
        Remove(db, message.Id);
        return (true, message);
    }
}
