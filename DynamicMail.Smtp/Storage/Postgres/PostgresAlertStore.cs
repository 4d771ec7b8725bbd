using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Queue;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Alert states and sent alerts in PostgreSQL (schema 003). Recording an alert locks its state row (or inserts it)
/// first, so of several nodes checking at once exactly one records and queues the alert.
/// </summary>
internal sealed class PostgresAlertStore(PostgresStore store) : IAlertStore
{
    private const int Keep = 100;

    public Task<IReadOnlyList<AlertState>> StatesAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<AlertState>>(async c => await Sql.ListAsync(c, null,
            "SELECT domain, kind, active, last_sent_at FROM alert_states WHERE last_sent_at IS NOT NULL",
            r => new AlertState(r.GetString(0), Enum.Parse<AlertKind>(r.GetString(1)), r.GetBoolean(2), Utc(r.GetDateTime(3)))).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> TryRecordAsync(AlertRecord alert, DateTime notSentSince, OutboundMessage? email) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            // Insert the state row if it is new, then lock it: a second node waits here and then sees "active".
            await Sql.ExecuteAsync(conn, tx, """
                INSERT INTO alert_states (domain, kind, active, last_sent_at) VALUES ($1, $2, false, NULL)
                ON CONFLICT DO NOTHING
                """, alert.Domain, alert.Kind.ToString()).ConfigureAwait(false);
            var (active, last) = (await Sql.ListAsync(conn, tx,
                "SELECT active, last_sent_at FROM alert_states WHERE domain = $1 AND kind = $2 FOR UPDATE",
                r => (r.GetBoolean(0), Sql.NullableTime(r, 1)), alert.Domain, alert.Kind.ToString()).ConfigureAwait(false))[0];
            if (active || last > notSentSince)
            {
                return false;
            }
            await Sql.ExecuteAsync(conn, tx, "UPDATE alert_states SET active = true, last_sent_at = $3 WHERE domain = $1 AND kind = $2",
                alert.Domain, alert.Kind.ToString(), alert.At.ToUniversalTime()).ConfigureAwait(false);
            await InsertAsync(conn, tx, alert).ConfigureAwait(false);
            if (email is not null)
            {
                await PostgresOutbox.InsertAsync(conn, tx, email).ConfigureAwait(false);
            }
            return true;
        });

    public Task ClearAsync(string domain, AlertKind kind) =>
        store.InTransactionAsync((conn, tx) => Sql.ExecuteAsync(conn, tx,
            "UPDATE alert_states SET active = false WHERE domain = $1 AND kind = $2 AND active", domain, kind.ToString()));

    public Task NoteWebhookAsync(string domain, string alertId, string result) =>
        store.InTransactionAsync((conn, tx) => Sql.ExecuteAsync(conn, tx, "UPDATE alerts SET webhook = $2 WHERE id = $1", alertId, result));

    public Task<IReadOnlyList<AlertRecord>> HistoryAsync(string domain, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<AlertRecord>>(async c => await Sql.ListAsync(c, null, """
            SELECT id, domain, kind, at, subject, body, emailed_to, email_note, webhook FROM alerts WHERE domain = $1 ORDER BY at DESC
            """, r => new AlertRecord(r.GetString(0), r.GetString(1), Enum.Parse<AlertKind>(r.GetString(2)), Utc(r.GetDateTime(3)),
                r.GetString(4), r.GetString(5), Text(r, 6), Text(r, 7), Text(r, 8)), domain).ConfigureAwait(false), cancellationToken);

    private static async Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AlertRecord a)
    {
        await Sql.ExecuteAsync(conn, tx, """
            INSERT INTO alerts (id, domain, kind, at, subject, body, emailed_to, email_note, webhook) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, a.Id, a.Domain, a.Kind.ToString(), a.At.ToUniversalTime(), a.Subject, a.Text, a.EmailedTo, a.EmailNote, a.Webhook).ConfigureAwait(false);
        await Sql.ExecuteAsync(conn, tx, """
            DELETE FROM alerts WHERE domain = $1 AND id NOT IN (SELECT id FROM alerts WHERE domain = $1 ORDER BY at DESC LIMIT $2)
            """, a.Domain, Keep).ConfigureAwait(false);
    }

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);

    private static string? Text(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
