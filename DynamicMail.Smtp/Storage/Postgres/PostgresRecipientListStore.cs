using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Recipients;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Recipient lists and learned refusals in PostgreSQL (schema 002); each write is one committed statement or
/// transaction. A list change is announced to the other nodes (NOTIFY, in its transaction), which reload their lists.
/// </summary>
internal sealed class PostgresRecipientListStore(PostgresStore store, TimeProvider time) : IRecipientListStore
{
    private const int KeepRefused = 200;

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AllAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyDictionary<string, IReadOnlyList<string>>>(async c =>
            (await Sql.ListAsync(c, null, "SELECT domain, entries FROM recipient_lists",
                r => (Domain: r.GetString(0), Entries: (IReadOnlyList<string>)r.GetFieldValue<string[]>(1))).ConfigureAwait(false))
            .ToDictionary(x => x.Domain, x => x.Entries), cancellationToken);

    public Task SetAsync(string domain, IReadOnlyList<string> entries, AuditEntry? audit = null) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            var notice = new StoreNotice(store.NodeId, StoreNotice.Recipients, domain, At: time.GetUtcNow().UtcDateTime);
            await Sql.ExecuteAsync(conn, tx, StoreNotice.Sql, notice.ToJson()).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                await Sql.ExecuteAsync(conn, tx, "DELETE FROM recipient_lists WHERE domain = $1", domain).ConfigureAwait(false);
            }
            else
            {
                await Sql.ExecuteAsync(conn, tx, """
                    INSERT INTO recipient_lists (domain, entries) VALUES ($1, $2)
                    ON CONFLICT (domain) DO UPDATE SET entries = EXCLUDED.entries
                    """, domain, entries.ToArray()).ConfigureAwait(false);
            }
            await AuditAsync(conn, tx, audit).ConfigureAwait(false);
        });

    private static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry? audit) =>
        audit is null ? Task.CompletedTask : PostgresAuditLog.InsertAsync(conn, tx, audit);

    public Task NoteRefusedAsync(RefusedRecipient refused) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            await Sql.ExecuteAsync(conn, tx, """
                INSERT INTO refused_recipients (domain, address, reply, at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (domain, address) DO UPDATE SET reply = EXCLUDED.reply, at = EXCLUDED.at
                """, refused.Domain, refused.Address, refused.Reply, refused.At.ToUniversalTime()).ConfigureAwait(false);
            await Sql.ExecuteAsync(conn, tx, """
                DELETE FROM refused_recipients WHERE domain = $1 AND address NOT IN
                    (SELECT address FROM refused_recipients WHERE domain = $1 ORDER BY at DESC LIMIT $2)
                """, refused.Domain, KeepRefused).ConfigureAwait(false);
        });

    public Task<IReadOnlyList<RefusedRecipient>> RefusedAsync(string domain, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<RefusedRecipient>>(async c => await Sql.ListAsync(c, null,
            "SELECT domain, address, reply, at FROM refused_recipients WHERE domain = $1 ORDER BY at DESC",
            r => new RefusedRecipient(r.GetString(0), r.GetString(1), r.GetString(2), DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc)),
            domain).ConfigureAwait(false), cancellationToken);

    public Task ForgetRefusedAsync(string domain, IReadOnlyCollection<string>? addresses, AuditEntry? audit = null) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            if (addresses is null)
            {
                await Sql.ExecuteAsync(conn, tx, "DELETE FROM refused_recipients WHERE domain = $1", domain).ConfigureAwait(false);
            }
            else
            {
                await Sql.ExecuteAsync(conn, tx, "DELETE FROM refused_recipients WHERE domain = $1 AND address = ANY($2)",
                    domain, addresses.ToArray()).ConfigureAwait(false);
            }
            await AuditAsync(conn, tx, audit).ConfigureAwait(false);
        });
}
