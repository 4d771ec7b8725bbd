using DynamicMail.Smtp.Operators;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>API keys, each change with its audit entry in one transaction.</summary>
internal sealed class PostgresApiKeyStore(PostgresStore store) : IApiKeyStore
{
    private static ApiKey Read(NpgsqlDataReader r) => PostgresJson.Read<ApiKey>(r.GetString(0));

    public Task<IReadOnlyList<ApiKey>> AllAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<ApiKey>>(async c => await Sql.ListAsync(c, null,
            "SELECT doc FROM api_keys ORDER BY created_at DESC", Read).ConfigureAwait(false), cancellationToken);

    public Task<ApiKey?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async c => (await Sql.ListAsync(c, null, "SELECT doc FROM api_keys WHERE id = $1", Read, id)
            .ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task AddAsync(ApiKey key, AuditEntry audit) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            await Sql.ExecuteAsync(conn, tx, "INSERT INTO api_keys (id, created_at, doc) VALUES ($1, $2, $3)", key.Id, key.CreatedAt, Sql.Doc(key))
                .ConfigureAwait(false);
            await PostgresAuditLog.InsertAsync(conn, tx, audit).ConfigureAwait(false);
        });

    public Task<bool> RevokeAsync(string id, DateTime at, Func<ApiKey, AuditEntry> audit) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            var key = (await Sql.ListAsync(conn, tx, "SELECT doc FROM api_keys WHERE id = $1 FOR UPDATE", Read, id).ConfigureAwait(false))
                .FirstOrDefault();
            if (key is null || !key.Active)
            {
                return false;
            }
            key.RevokedAt = at;
            await Sql.ExecuteAsync(conn, tx, "UPDATE api_keys SET doc = $2 WHERE id = $1", id, Sql.Doc(key)).ConfigureAwait(false);
            await PostgresAuditLog.InsertAsync(conn, tx, audit(key)).ConfigureAwait(false);
            return true;
        });
}
