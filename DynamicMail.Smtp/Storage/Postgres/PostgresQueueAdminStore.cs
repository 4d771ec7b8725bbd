using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Operator actions on queued messages: each change and its audit entry in one transaction, under the message's
/// row lock (a delivery claim on another node skips the row meanwhile).
/// </summary>
internal sealed class PostgresQueueAdminStore(PostgresStore store, PostgresMailQueue queue) : IQueueAdminStore
{
    public Task<QueuePage> BrowseAsync(QueueFilter filter, string? after, int take, DateTime now, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async c =>
        {
            var domain = string.IsNullOrWhiteSpace(filter.Domain) ? null : filter.Domain.Trim().ToLowerInvariant();
            var items = await Sql.ListAsync(c, null, """
                SELECT doc FROM messages
                WHERE ($1::text IS NULL OR domain = $1) AND ($2::text IS NULL OR id > $2)
                  AND ($3::text IS NULL OR doc->>'Sender' ILIKE $3)
                  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(doc->'Recipients') r WHERE r->>'Address' ILIKE $4))
                  AND ($5::text IS NULL OR doc->>'Subject' ILIKE $5)
                  AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(doc->'Recipients') r WHERE r->>'State' = $6))
                  AND ($7::timestamptz IS NULL OR arrived_at <= $7)
                  AND ($9::timestamptz IS NULL OR arrived_at < $9) AND ($10::timestamptz IS NULL OR arrived_at > $10)
                  AND ($11::bigint IS NULL OR size > $11) AND ($12::bigint IS NULL OR size < $12)
                ORDER BY id LIMIT $8
                """, PostgresMailQueue.Read, domain, after, PostgresAuditLog.Like(filter.Sender), PostgresAuditLog.Like(filter.Recipient),
                PostgresAuditLog.Like(filter.Subject), filter.State?.ToString(), filter.MinAge is { } age ? now - age : null, take + 1,
                filter.ArrivedBefore, filter.ArrivedAfter, filter.LargerThan, filter.SmallerThan)
                .ConfigureAwait(false);
            return items.Count > take ? new QueuePage(items.Take(take).ToList(), items[take - 1].Id) : new QueuePage(items, null);
        }, cancellationToken);

    public async Task<QueueEdit> DeleteAsync(string id, Func<QueuedMessage, string?> refuse, Func<QueuedMessage, AuditEntry> audit)
    {
        var edit = await store.InTransactionAsync(async (conn, tx) =>
        {
            if (await PostgresMailQueue.LockAsync(conn, tx, id).ConfigureAwait(false) is not { } message)
            {
                return QueueEdit.NotFound;
            }
            if (refuse(message) is { } refused)
            {
                return new QueueEdit(message, refused);
            }
            await queue.RemoveAsync(conn, tx, message).ConfigureAwait(false);
            await PostgresAuditLog.InsertAsync(conn, tx, audit(message)).ConfigureAwait(false);
            return new QueueEdit(message, null);
        }).ConfigureAwait(false);
        if (edit is { Message: { } removed, Refusal: null })
        {
            queue.Forget(removed);
        }
        return edit;
    }

    public Task<QueueEdit> EditAsync(string id, Func<QueuedMessage, string?> change, Func<QueuedMessage, AuditEntry> audit) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            if (await PostgresMailQueue.LockAsync(conn, tx, id).ConfigureAwait(false) is not { } message)
            {
                return QueueEdit.NotFound;
            }
            if (change(message) is { } refused)
            {
                return new QueueEdit(message, refused);
            }
            await queue.UpdateAsync(conn, tx, [message]).ConfigureAwait(false);
            await PostgresAuditLog.InsertAsync(conn, tx, audit(message)).ConfigureAwait(false);
            return new QueueEdit(message, null);
        });
}
