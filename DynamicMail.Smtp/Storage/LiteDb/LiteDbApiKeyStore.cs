using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Keys in the "apikeys" collection, each change with its audit entry in one durable write.</summary>
internal sealed class LiteDbApiKeyStore : IApiKeyStore
{
    private const string Keys = "apikeys";
    private readonly LiteDbStore _store;

    public LiteDbApiKeyStore(LiteDbStore store)
    {
        _store = store;
        ConsoleCollections.Ensure(store.Database);
    }

    public Task<IReadOnlyList<ApiKey>> AllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApiKey>>(_store.Database.GetCollection<ApiKey>(Keys).FindAll().OrderByDescending(k => k.CreatedAt).ToList());

    public Task<ApiKey?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult<ApiKey?>(_store.Database.GetCollection<ApiKey>(Keys).FindById(id));

    public Task AddAsync(ApiKey key, AuditEntry audit) =>
        _store.WriteAsync(db =>
        {
            db.GetCollection<ApiKey>(Keys).Insert(key);
            LiteDbAuditLog.Insert(db, audit);
        }, durable: true);

    public Task<bool> RevokeAsync(string id, DateTime at, Func<ApiKey, AuditEntry> audit) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<ApiKey>(Keys);
            var key = col.FindById(id);
            if (key is null || !key.Active)
            {
                return false;
            }
            key.RevokedAt = at;
            col.Update(key);
            LiteDbAuditLog.Insert(db, audit(key));
            return true;
        }, durable: true);
}
