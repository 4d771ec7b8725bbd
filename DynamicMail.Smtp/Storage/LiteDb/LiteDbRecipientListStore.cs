using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Recipients;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Recipient lists in "recipient_lists" (id: the domain; the entries as an array) and learned refusals in
/// "refused_recipients" (id: domain and address), written through the single writer.
/// </summary>
internal sealed class LiteDbRecipientListStore : IRecipientListStore
{
    private const string Lists = "recipient_lists";
    private const string Refused = "refused_recipients";
    private const int KeepRefused = 200;
    private readonly LiteDbStore _store;

    public LiteDbRecipientListStore(LiteDbStore store)
    {
        _store = store;
        store.Database.GetCollection(Refused).EnsureIndex("domain");
    }

    /// <summary>Drops the domain's list and refusals, inside the domain's delete.</summary>
    public static void ForgetDomain(LiteDatabase db, string domain)
    {
        db.GetCollection(Lists).Delete(domain);
        db.GetCollection(Refused).DeleteMany(Param.Eq("domain", domain));
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(_store.Database.GetCollection(Lists).FindAll()
            .ToDictionary(d => d["_id"].AsString, d => (IReadOnlyList<string>)d["entries"].AsArray.Select(e => e.AsString).ToList()));

    public Task SetAsync(string domain, IReadOnlyList<string> entries, AuditEntry? audit = null) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection(Lists);
            if (entries.Count == 0)
            {
                col.Delete(domain);
            }
            else
            {
                col.Upsert(new BsonDocument { ["_id"] = domain, ["entries"] = new BsonArray(entries.Select(e => new BsonValue(e))) });
            }
            Audit(db, audit);
        }, durable: true);

    private static void Audit(LiteDatabase db, AuditEntry? audit)
    {
        if (audit is not null)
        {
            LiteDbAuditLog.Insert(db, audit);
        }
    }

    public Task NoteRefusedAsync(RefusedRecipient refused) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection(Refused);
            col.Upsert(new BsonDocument
            {
                ["_id"] = refused.Domain + "\n" + refused.Address,
                ["domain"] = refused.Domain,
                ["address"] = refused.Address,
                ["reply"] = refused.Reply,
                ["at"] = refused.At.ToUniversalTime().Ticks,
            });
            foreach (var old in col.Find(Param.Eq("domain", refused.Domain)).OrderByDescending(d => d["at"].AsInt64).Skip(KeepRefused).ToList())
            {
                col.Delete(old["_id"]);
            }
        }, durable: true);

    public Task<IReadOnlyList<RefusedRecipient>> RefusedAsync(string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RefusedRecipient>>(_store.Database.GetCollection(Refused).Find(Param.Eq("domain", domain))
            .Select(d => new RefusedRecipient(d["domain"].AsString, d["address"].AsString, d["reply"].AsString, new DateTime(d["at"].AsInt64, DateTimeKind.Utc)))
            .OrderByDescending(r => r.At).ToList());

    public Task ForgetRefusedAsync(string domain, IReadOnlyCollection<string>? addresses, AuditEntry? audit = null) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection(Refused);
            if (addresses is null)
            {
                col.DeleteMany(Param.Eq("domain", domain));
            }
            else
            {
                foreach (var address in addresses)
                {
                    col.Delete(domain + "\n" + address);
                }
            }
            Audit(db, audit);
        }, durable: true);
}
