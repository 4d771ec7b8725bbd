using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// The store side of bulk actions on PostgreSQL: one filter, in SQL, for counting and matching; each batch changed
/// under its rows' locks in one transaction (a delivery claim on another node skips those rows meanwhile).
/// </summary>
internal sealed class PostgresBulkQueueStore(PostgresStore store, PostgresMailQueue queue) : IBulkQueueStore
{
    private const string Where = """
        WHERE ($1::text IS NULL OR domain = $1)
          AND ($2::text IS NULL OR doc->>'Sender' ILIKE $2)
          AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(doc->'Recipients') r WHERE r->>'Address' ILIKE $3))
          AND ($4::text IS NULL OR doc->>'Subject' ILIKE $4)
          AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(doc->'Recipients') r WHERE r->>'State' = $5))
          AND ($6::timestamptz IS NULL OR arrived_at <= $6)
          AND ($7::timestamptz IS NULL OR arrived_at < $7)
          AND ($8::timestamptz IS NULL OR arrived_at > $8)
          AND ($9::bigint IS NULL OR size > $9)
          AND ($10::bigint IS NULL OR size < $10)
        """;

    public Task<int> CountAsync(QueueFilter filter, DateTime now, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async c => (int)(await Sql.ScalarAsync<long>(c, null, "SELECT count(*) FROM messages " + Where,
            Values(filter, now)).ConfigureAwait(false)), cancellationToken);

    public Task<IReadOnlyList<string>> MatchAsync(QueueFilter filter, DateTime now, int limit, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<string>>(async c => await Sql.ListAsync(c, null,
            "SELECT id FROM messages " + Where + " ORDER BY id LIMIT $11", r => r.GetString(0),
            [.. Values(filter, now), limit]).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<QueuedMessage>> EditManyAsync(IReadOnlyList<string> ids, Func<QueuedMessage, bool> change) =>
        store.InTransactionAsync<IReadOnlyList<QueuedMessage>>(async (conn, tx) =>
        {
            var changed = new List<QueuedMessage>();
            foreach (var id in ids)
            {
                if (await PostgresMailQueue.LockAsync(conn, tx, id).ConfigureAwait(false) is { } message && change(message))
                {
                    changed.Add(message);
                }
            }
            await queue.UpdateAsync(conn, tx, changed).ConfigureAwait(false);
            return changed;
        });

    public async Task<IReadOnlyList<QueuedMessage>> DeleteManyAsync(IReadOnlyList<string> ids, Func<QueuedMessage, bool> mayDelete)
    {
        var removed = await store.InTransactionAsync<IReadOnlyList<QueuedMessage>>(async (conn, tx) =>
        {
            var gone = new List<QueuedMessage>();
            foreach (var id in ids)
            {
                if (await PostgresMailQueue.LockAsync(conn, tx, id).ConfigureAwait(false) is { } message && mayDelete(message))
                {
                    await queue.RemoveAsync(conn, tx, message).ConfigureAwait(false);
                    gone.Add(message);
                }
            }
            return gone;
        }).ConfigureAwait(false);
        foreach (var message in removed)
        {
            queue.Forget(message);
        }
        return removed;
    }

    private static object?[] Values(QueueFilter f, DateTime now) =>
    [
        string.IsNullOrWhiteSpace(f.Domain) ? null : f.Domain.Trim().ToLowerInvariant(),
        PostgresAuditLog.Like(f.Sender), PostgresAuditLog.Like(f.Recipient), PostgresAuditLog.Like(f.Subject),
        f.State?.ToString(), f.MinAge is { } age ? now - age : null, f.ArrivedBefore, f.ArrivedAfter, f.LargerThan, f.SmallerThan,
    ];
}
