using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Start-up recovery on a shared store: leases this node held before it restarted, and leases of nodes whose
/// heartbeat stopped, are given back at once. Leases of live nodes are left alone; any other lease runs out by itself.
/// </summary>
internal sealed partial class PostgresMailQueue
{
    public async Task<RecoveryReport> RecoverAsync()
    {
        var (messages, released) = await _store.InTransactionAsync(async (conn, tx) =>
        {
            var count = await Sql.ScalarAsync<long>(conn, tx, "SELECT count(*) FROM messages").ConfigureAwait(false);
            var leased = await Sql.ListAsync(conn, tx, $"""
                SELECT {Columns} FROM messages m WHERE leased_by IS NOT NULL
                AND (leased_by = $1 OR NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = m.leased_by AND n.heartbeat > now() - $2))
                FOR UPDATE SKIP LOCKED
                """, Read, _store.NodeId, PostgresNodes.DeadAfter).ConfigureAwait(false);
            var released = Release(leased);
            await UpdateAsync(conn, tx, leased).ConfigureAwait(false);
            return ((int)count, released);
        }).ConfigureAwait(false);
        return new RecoveryReport(messages, released, 0);
    }

    /// <summary>
    /// While running (every heartbeat): the leases of nodes whose heartbeat stopped are given back, so a live node
    /// delivers that mail as soon as the dead one stops counting, not when its leases run out (10 minutes). Every node
    /// hears of each released message (a notice in the same transaction) and wakes that domain's delivery.
    /// </summary>
    public async Task<int> ReleaseLeasesOfDeadNodesAsync()
    {
        var released = await _store.InTransactionAsync<IReadOnlyList<(QueuedMessage Message, string Node)>>(async (conn, tx) =>
        {
            var leased = await Sql.ListAsync(conn, tx, $"""
                SELECT {Columns}, leased_by FROM messages m WHERE leased_by IS NOT NULL AND leased_by <> $1
                AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = m.leased_by AND n.heartbeat > now() - $2)
                FOR UPDATE SKIP LOCKED
                """, r => (Message: Read(r), Node: r.GetString(1)), _store.NodeId, PostgresNodes.DeadAfter).ConfigureAwait(false);
            if (leased.Count == 0)
            {
                return leased;
            }
            Release(leased.Select(l => l.Message).ToList());
            await UpdateAsync(conn, tx, leased.Select(l => l.Message).ToList()).ConfigureAwait(false);
            foreach (var (message, node) in leased)
            {
                await Sql.ExecuteAsync(conn, tx, StoreNotice.Sql, new StoreNotice(_store.NodeId, StoreNotice.Released, message.Domain,
                    message.Id, At: Now, Sender: node).ToJson()).ConfigureAwait(false);
            }
            return leased;
        }, durable: false).ConfigureAwait(false);
        foreach (var (message, node) in released)
        {
            _events.Publish(LeaseReleased(message.Domain, message.Id, node, Now));
        }
        return released.Count;
    }

    /// <summary>What watchers (delivery agents, the dashboard) hear of a lease given back after its node died.</summary>
    internal static QueueChanged LeaseReleased(string domain, string id, string deadNode, DateTime at) =>
        new(domain, at, id, "given back for delivery: the node delivering it stopped", "node " + deadNode);

    /// <summary>Every recipient being delivered goes back to the queue, due now; returns how many.</summary>
    private int Release(IReadOnlyList<QueuedMessage> messages)
    {
        var now = Now;
        var released = 0;
        foreach (var r in messages.SelectMany(m => m.Recipients).Where(r => r.State == RecipientState.Delivering))
        {
            r.State = RecipientState.Queued;
            r.LeaseOwner = null;
            r.LeaseExpiresAt = null;
            r.NextAttemptAt = now;
            released++;
        }
        return released;
    }
}
