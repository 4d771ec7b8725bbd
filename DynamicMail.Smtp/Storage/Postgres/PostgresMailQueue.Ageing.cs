using DynamicMail.Smtp.Queue;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// The ageing side of the queue. Every node runs the ageing worker; a settlement is applied under the message's
/// row lock only if the message is still as the worker saw it, so two nodes deciding the same DSN store it once.
/// </summary>
internal sealed partial class PostgresMailQueue
{
    public Task<IReadOnlyList<QueuedMessage>> DueForAgeingAsync(DateTime now, int max, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<QueuedMessage>>(async c => await Sql.ListAsync(c, null,
            $"SELECT {Columns} FROM messages WHERE next_deadline <= $1 ORDER BY next_deadline LIMIT $2", Read, now, max)
            .ConfigureAwait(false), cancellationToken);

    public Task<DateTime?> NextDeadlineAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync(c => Sql.ScalarAsync<DateTime?>(c, null, "SELECT min(next_deadline) FROM messages"), cancellationToken);

    public async Task<bool> SettleAsync(Settlement settlement)
    {
        var (applied, removed) = await _store.InTransactionAsync(async (conn, tx) =>
        {
            if (await LockAsync(conn, tx, settlement.MessageId).ConfigureAwait(false) is not { } message
                || !Apply(message, settlement))
            {
                return (false, (QueuedMessage?)null);
            }
            foreach (var outbound in settlement.Outbound)
            {
                await PostgresOutbox.InsertAsync(conn, tx, outbound).ConfigureAwait(false);
            }
            if (settlement.Audit is { } audit)
            {
                await PostgresAuditLog.InsertAsync(conn, tx, audit).ConfigureAwait(false);
            }
            return (true, await KeepOrRemoveAsync(conn, tx, message).ConfigureAwait(false));
        }).ConfigureAwait(false);
        if (removed is not null)
        {
            Forget(removed);
        }
        return applied;
    }

    /// <summary>Applies the changes when the message is as the worker saw it; false (nothing changed) otherwise.</summary>
    private static bool Apply(QueuedMessage message, Settlement s)
    {
        if (message.DelayWarningsSent != s.ExpectedWarningsSent)
        {
            return false;
        }
        var targets = s.Changes.Select(c => (Change: c, Recipient: message.Recipients.Find(r => r.Address == c.Address && r.State == c.From))).ToList();
        if (targets.Exists(t => t.Recipient is null))
        {
            return false;
        }
        foreach (var (change, recipient) in targets)
        {
            recipient!.State = change.To;
            recipient.LeaseOwner = null;
            recipient.LeaseExpiresAt = null;
        }
        message.DelayWarningsSent = s.DelayWarningsSent;
        return true;
    }
}
