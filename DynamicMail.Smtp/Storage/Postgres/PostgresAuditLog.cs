using DynamicMail.Smtp.Operators;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>The audit table; a change's entry is inserted in the change's own transaction (<see cref="InsertAsync"/>).</summary>
internal sealed class PostgresAuditLog(PostgresStore store, TimeProvider time) : IAuditLog
{
    public static async Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry entry) =>
        entry.Id = await Sql.ScalarAsync<long>(conn, tx,
            "INSERT INTO audit (at, operator, action, target, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            entry.At, entry.Operator, entry.Action, entry.Target, entry.Detail).ConfigureAwait(false);

    public Task RecordAsync(string who, string action, string target, string? detail = null)
    {
        var entry = new AuditEntry(time.GetUtcNow().UtcDateTime, who, action, target, detail);
        return store.InTransactionAsync((conn, tx) => InsertAsync(conn, tx, entry));
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, string? search = null, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<AuditEntry>>(async c => await Sql.ListAsync(c, null, """
            SELECT id, at, operator, action, target, detail FROM audit
            WHERE $1::text IS NULL OR operator ILIKE $1 OR action ILIKE $1 OR target ILIKE $1 OR detail ILIKE $1
            ORDER BY id DESC LIMIT $2
            """, r => new AuditEntry(r.GetDateTime(1), r.GetString(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5))
            {
                Id = r.GetInt64(0),
            }, Like(search), take).ConfigureAwait(false), cancellationToken);

    /// <summary>A pattern matching <paramref name="text"/> anywhere (its own % and _ taken literally); null for no filter.</summary>
    internal static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
