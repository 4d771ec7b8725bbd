using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Telemetry;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// The dashboard's history in two small collections: last connection per domain, and per-minute counts (kept a day).
/// Writes go through the store's single writer without an fsync of their own: they ride on the next durable commit.
/// </summary>
internal sealed class LiteDbActivityHistory(LiteDbStore store) : IActivityStore
{
    private const string Domains = "activity_domains";
    private const string Minutes_ = "activity_minutes";
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    /// <summary>Drops the domain's last connection, inside the domain's delete.</summary>
    public static void ForgetDomain(LiteDatabase db, string domain) => db.GetCollection(Domains).Delete(domain.ToLowerInvariant());

    public Task<IReadOnlyDictionary<string, DateTime>> LastConnectedAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, DateTime>>(store.Database.GetCollection(Domains).FindAll()
            .ToDictionary(d => d["_id"].AsString, d => new DateTime(d["at"].AsInt64, DateTimeKind.Utc),
                StringComparer.OrdinalIgnoreCase));

    public Task<IReadOnlyList<ActivityMinute>> MinutesAsync(DateTime since, CancellationToken cancellationToken = default)
    {
        var from = since.Ticks / TimeSpan.TicksPerMinute;
        return Task.FromResult<IReadOnlyList<ActivityMinute>>(store.Database.GetCollection(Minutes_).Find(Param.Gte("_id", from))
            .OrderBy(d => d["_id"].AsInt64)
            .Select(d => new ActivityMinute(new DateTime(d["_id"].AsInt64 * TimeSpan.TicksPerMinute, DateTimeKind.Utc),
                d["accepted"].AsInt32, d["delivered"].AsInt32))
            .ToList());
    }

    /// <summary>Records connections (of existing domains) and adds per-minute counts to what is stored; drops minutes older than a day.</summary>
    public Task SaveAsync(IReadOnlyDictionary<string, DateTime> connected, IReadOnlyDictionary<long, (int Accepted, int Delivered)> added, DateTime now) =>
        store.WriteAsync(db =>
        {
            var domains = db.GetCollection(Domains);
            // Only for domains that still exist: a page left open on a deleted domain must not bring its row back.
            foreach (var (domain, at) in connected.Where(c => LiteDbDomainStore.Exists(db, c.Key.ToLowerInvariant())))
            {
                domains.Upsert(new BsonDocument { ["_id"] = domain.ToLowerInvariant(), ["at"] = at.ToUniversalTime().Ticks });
            }
            var minutes = db.GetCollection(Minutes_);
            foreach (var (minute, (accepted, delivered)) in added)
            {
                var stored = minutes.FindById(minute);
                minutes.Upsert(new BsonDocument
                {
                    ["_id"] = minute,
                    ["accepted"] = (stored?["accepted"].AsInt32 ?? 0) + accepted,
                    ["delivered"] = (stored?["delivered"].AsInt32 ?? 0) + delivered,
                });
            }
            minutes.DeleteMany(Param.Lt("_id", (now - Keep).Ticks / TimeSpan.TicksPerMinute));
        }, durable: false);
}
