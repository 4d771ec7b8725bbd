using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// The "audit" collection. Every change an operator makes inserts its entry in the same write as the change itself
/// (<see cref="Insert"/>), so an action is never done without its record.
/// </summary>
internal sealed class LiteDbAuditLog : IAuditLog
{
    private readonly LiteDbStore _store;
    private readonly TimeProvider _time;

    public LiteDbAuditLog(LiteDbStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        ConsoleCollections.Ensure(store.Database);
    }

    private const string Audit = "audit";

    public static void Insert(LiteDatabase db, AuditEntry entry) => db.GetCollection<AuditEntry>(Audit).Insert(entry);

    public Task RecordAsync(string who, string action, string target, string? detail = null)
    {
        var entry = new AuditEntry(_time.GetUtcNow().UtcDateTime, who, action, target, detail);
        return _store.WriteAsync(db => Insert(db, entry), durable: true);
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, string? search = null, CancellationToken cancellationToken = default)
    {
        var query = _store.Database.GetCollection<AuditEntry>(Audit).Query();
        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where("Operator LIKE @0 OR Action LIKE @0 OR Target LIKE @0 OR Detail LIKE @0", new BsonValue("%" + search.Trim() + "%"));
        }
        return Task.FromResult<IReadOnlyList<AuditEntry>>(query.OrderByDescending("_id").Limit(take).ToList());
    }
}
