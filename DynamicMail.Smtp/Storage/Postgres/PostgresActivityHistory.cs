using DynamicMail.Smtp.Telemetry;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// The dashboard's history, shared by every node: each node adds its own per-minute counts (upserts that add up),
/// so the chart shows the whole cluster. Not durable on its own: a crash may lose the last few seconds of counts.
/// </summary>
internal sealed class PostgresActivityHistory(PostgresStore store) : IActivityStore
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    public Task<IReadOnlyDictionary<string, DateTime>> LastConnectedAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyDictionary<string, DateTime>>(async c => (await Sql.ListAsync(c, null,
                "SELECT domain, at FROM activity_domains", r => (r.GetString(0), r.GetDateTime(1))).ConfigureAwait(false))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase), cancellationToken);

    public Task<IReadOnlyList<ActivityMinute>> MinutesAsync(DateTime since, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<ActivityMinute>>(async c => await Sql.ListAsync(c, null,
            "SELECT minute, accepted, delivered FROM activity_minutes WHERE minute >= $1 ORDER BY minute",
            r => new ActivityMinute(new DateTime(r.GetInt64(0) * TimeSpan.TicksPerMinute, DateTimeKind.Utc), r.GetInt32(1), r.GetInt32(2)),
            since.Ticks / TimeSpan.TicksPerMinute).ConfigureAwait(false), cancellationToken);

    public Task SaveAsync(IReadOnlyDictionary<string, DateTime> connected, IReadOnlyDictionary<long, (int Accepted, int Delivered)> added, DateTime now) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            // Only for domains that still exist: a page left open on a deleted domain must not bring its row back.
            foreach (var (domain, at) in connected)
            {
                await Sql.ExecuteAsync(conn, tx, """
                    INSERT INTO activity_domains (domain, at) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM domains WHERE name = $1)
                    ON CONFLICT (domain) DO UPDATE SET at = greatest(activity_domains.at, excluded.at)
                    """, domain.ToLowerInvariant(), at.ToUniversalTime()).ConfigureAwait(false);
            }
            foreach (var (minute, (accepted, delivered)) in added)
            {
                await Sql.ExecuteAsync(conn, tx, """
                    INSERT INTO activity_minutes (minute, accepted, delivered) VALUES ($1, $2, $3)
                    ON CONFLICT (minute) DO UPDATE SET accepted = activity_minutes.accepted + excluded.accepted,
                        delivered = activity_minutes.delivered + excluded.delivered
                    """, minute, accepted, delivered).ConfigureAwait(false);
            }
            await Sql.ExecuteAsync(conn, tx, "DELETE FROM activity_minutes WHERE minute < $1",
                (now - Keep).Ticks / TimeSpan.TicksPerMinute).ConfigureAwait(false);
        }, durable: false);
}
