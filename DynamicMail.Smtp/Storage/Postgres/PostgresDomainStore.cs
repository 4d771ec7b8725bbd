using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Domains (primary key: the name; unique: the slug). Every change notifies the other nodes in its own transaction,
/// so each reloads its in-memory domain map (see <see cref="PostgresNoticeListener"/>).
/// </summary>
internal sealed class PostgresDomainStore(PostgresStore store, TimeProvider time) : IDomainStore
{
    private const string UniqueViolation = "23505";

    /// <summary>
    /// What a domain owns besides its row. Not here: its queue (empty by now: the caller returned it), the audit log
    /// (the operator's record), the outbox (DSNs to senders must still go) and presence (the live page's own row).
    /// </summary>
    private const string DeleteOwned = """
        WITH lists AS (DELETE FROM recipient_lists WHERE domain = $1),
             refused AS (DELETE FROM refused_recipients WHERE domain = $1),
             transcripts AS (DELETE FROM transcripts WHERE domain = $1),
             states AS (DELETE FROM alert_states WHERE domain = $1),
             alerts AS (DELETE FROM alerts WHERE domain = $1)
        DELETE FROM activity_domains WHERE domain = $1
        """;

    public Task<IReadOnlyList<CustomerDomain>> AllAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<CustomerDomain>>(async c => await Sql.ListAsync(c, null, "SELECT doc FROM domains ORDER BY name",
            r => PostgresJson.Read<CustomerDomain>(r.GetString(0))).ConfigureAwait(false), cancellationToken);

    public Task<bool> AddAsync(CustomerDomain domain, AuditEntry? audit = null) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            var added = await Sql.ExecuteAsync(conn, tx, "INSERT INTO domains (name, slug, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                domain.Name, domain.Slug, Sql.Doc(domain)).ConfigureAwait(false) == 1;
            if (added)
            {
                await NotifyAsync(conn, tx, domain.Name).ConfigureAwait(false);
                await AuditAsync(conn, tx, audit).ConfigureAwait(false);
            }
            return added;
        });

    public async Task<DomainWrite> ReplaceAsync(CustomerDomain domain, Action<CustomerDomain> merge, AuditEntry? audit = null)
    {
        try
        {
            return await store.InTransactionAsync(async (conn, tx) =>
            {
                if (await LockAsync(conn, tx, domain.Name).ConfigureAwait(false) is not { } stored)
                {
                    return DomainWrite.NotFound;
                }
                merge(stored);
                await WriteAsync(conn, tx, domain).ConfigureAwait(false);
                await AuditAsync(conn, tx, audit).ConfigureAwait(false);
                return DomainWrite.Done;
            }).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return DomainWrite.SlugTaken;
        }
    }

    public Task<CustomerDomain?> ChangeAsync(string name, Func<CustomerDomain, AuditEntry?> change) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            if (await LockAsync(conn, tx, name).ConfigureAwait(false) is not { } stored)
            {
                return null;
            }
            var audit = change(stored);
            await WriteAsync(conn, tx, stored).ConfigureAwait(false);
            await AuditAsync(conn, tx, audit).ConfigureAwait(false);
            return stored;
        });

    /// <summary>
    /// Removes the domain and everything it owns in one transaction (<see cref="DeleteOwned"/>), so a domain created again
    /// under the name starts empty; the other nodes reload their domains and recipient lists.
    /// </summary>
    public Task<bool> DeleteAsync(string name, AuditEntry? audit = null) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            var deleted = await Sql.ExecuteAsync(conn, tx, "DELETE FROM domains WHERE name = $1", name).ConfigureAwait(false) == 1;
            if (deleted)
            {
                await Sql.ExecuteAsync(conn, tx, DeleteOwned, name).ConfigureAwait(false);
                await NotifyAsync(conn, tx, name).ConfigureAwait(false);
                await Sql.ExecuteAsync(conn, tx, StoreNotice.Sql,
                    new StoreNotice(store.NodeId, StoreNotice.Recipients, name, At: time.GetUtcNow().UtcDateTime).ToJson()).ConfigureAwait(false);
                await AuditAsync(conn, tx, audit).ConfigureAwait(false);
            }
            return deleted;
        });

    private static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry? audit) =>
        audit is null ? Task.CompletedTask : PostgresAuditLog.InsertAsync(conn, tx, audit);

    private static async Task<CustomerDomain?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string name) =>
        (await Sql.ListAsync(conn, tx, "SELECT doc FROM domains WHERE name = $1 FOR UPDATE",
            r => PostgresJson.Read<CustomerDomain>(r.GetString(0)), name).ConfigureAwait(false)).FirstOrDefault();

    private async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CustomerDomain domain)
    {
        await Sql.ExecuteAsync(conn, tx, "UPDATE domains SET slug = $2, doc = $3 WHERE name = $1", domain.Name, domain.Slug, Sql.Doc(domain))
            .ConfigureAwait(false);
        await NotifyAsync(conn, tx, domain.Name).ConfigureAwait(false);
    }

    private Task<int> NotifyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string name) =>
        Sql.ExecuteAsync(conn, tx, StoreNotice.Sql,
            new StoreNotice(store.NodeId, StoreNotice.DomainChange, name, At: time.GetUtcNow().UtcDateTime).ToJson());
}
