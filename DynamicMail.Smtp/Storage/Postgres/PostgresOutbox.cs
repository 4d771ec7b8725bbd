using DynamicMail.Smtp.Queue;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// The outbox on PostgreSQL. A claim moves each due message's next attempt to now + lease under
/// <c>FOR UPDATE SKIP LOCKED</c>, so a DSN claimed by one node is invisible to the others until its lease runs out.
/// </summary>
internal sealed class PostgresOutbox(PostgresStore store) : IOutbox
{
    public static Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboundMessage message) =>
        Sql.ExecuteAsync(conn, tx, "INSERT INTO outbound (id, next_attempt_at, doc, content) VALUES ($1, $2, $3, $4)",
            message.Id, message.NextAttemptAt, Sql.Doc(Envelope(message)), message.Content);

    /// <summary>The document without its bytes (they have their own column).</summary>
    private static OutboundMessage Envelope(OutboundMessage m) => new()
    {
        Id = m.Id, Recipient = m.Recipient, Kind = m.Kind, OriginalId = m.OriginalId, OriginalDomain = m.OriginalDomain,
        CreatedAt = m.CreatedAt, NextAttemptAt = m.NextAttemptAt, Attempts = m.Attempts, LastError = m.LastError,
    };

    private static OutboundMessage Read(NpgsqlDataReader r)
    {
        var m = PostgresJson.Read<OutboundMessage>(r.GetString(0));
        m.NextAttemptAt = r.GetDateTime(1);
        m.Content = r.GetFieldValue<byte[]>(2);
        return m;
    }

    public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTime now, int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
        store.InTransactionAsync<IReadOnlyList<OutboundMessage>>(async (conn, tx) =>
        {
            var due = await Sql.ListAsync(conn, tx, """
                SELECT doc, next_attempt_at, content FROM outbound WHERE next_attempt_at <= $1
                ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
                """, Read, now, max).ConfigureAwait(false);
            foreach (var m in due)
            {
                m.NextAttemptAt = now + lease;
                await Sql.ExecuteAsync(conn, tx, "UPDATE outbound SET next_attempt_at = $2, doc = $3 WHERE id = $1",
                    m.Id, m.NextAttemptAt, Sql.Doc(Envelope(m))).ConfigureAwait(false);
            }
            return due;
        }, cancellationToken: cancellationToken);

    public Task<DateTime?> NextDueAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync(c => Sql.ScalarAsync<DateTime?>(c, null, "SELECT min(next_attempt_at) FROM outbound"), cancellationToken);

    public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        (int)await store.ReadAsync(c => Sql.ScalarAsync<long>(c, null, "SELECT count(*) FROM outbound"), cancellationToken).ConfigureAwait(false);

    public Task RemoveAsync(string id) =>
        store.InTransactionAsync((conn, tx) => Sql.ExecuteAsync(conn, tx, "DELETE FROM outbound WHERE id = $1", id));

    public Task RescheduleAsync(string id, DateTime nextAttemptAt, string error) =>
        store.InTransactionAsync((conn, tx) => Sql.ExecuteAsync(conn, tx, """
            UPDATE outbound SET next_attempt_at = $2,
                doc = jsonb_set(jsonb_set(jsonb_set(doc, '{Attempts}', to_jsonb((doc->>'Attempts')::int + 1)),
                      '{NextAttemptAt}', to_jsonb($2)), '{LastError}', to_jsonb($3::text))
            WHERE id = $1
            """, id, nextAttemptAt, error));
}
