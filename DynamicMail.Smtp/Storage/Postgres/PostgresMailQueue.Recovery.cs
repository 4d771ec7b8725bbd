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
            var now = Now;
            var released = 0;
            foreach (var r in leased.SelectMany(m => m.Recipients).Where(r => r.State == RecipientState.Delivering))
            {
                r.State = RecipientState.Queued;
                r.LeaseOwner = null;
                r.LeaseExpiresAt = null;
                r.NextAttemptAt = now;
                released++;
            }
            await UpdateAsync(conn, tx, leased).ConfigureAwait(false);
            return ((int)count, released);
        }).ConfigureAwait(false);
        return new RecoveryReport(messages, released, 0);
    }
}
