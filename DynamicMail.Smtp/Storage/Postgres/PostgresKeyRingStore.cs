using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>The Data Protection key ring as rows of <c>data_protection_keys</c> (schema 005_data_protection_keys).</summary>
internal sealed class PostgresKeyRingStore(PostgresStore store) : IKeyRingStore
{
    public Task<IReadOnlyList<string>> AllAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<string>>(async c => await Sql.ListAsync(c, null,
            "SELECT xml FROM data_protection_keys ORDER BY added", r => r.GetString(0)).ConfigureAwait(false),
            cancellationToken);

    public Task AddAsync(string name, string xml) =>
        store.InTransactionAsync(async (conn, tx) => await Sql.ExecuteAsync(conn, tx,
            "INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", name, xml)
            .ConfigureAwait(false));
}
