using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Operators in the "operators" collection; few and rarely read, so reads go to the store.</summary>
internal sealed class LiteDbOperatorDirectory : IOperatorDirectory
{
    private readonly LiteDbStore _store;
    private readonly TimeProvider _time;

    public LiteDbOperatorDirectory(LiteDbStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        ConsoleCollections.Ensure(store.Database);
    }

    private const string Operators = "operators";
    private static readonly string DummyHash = PasswordHasher.Hash(Guid.NewGuid().ToString());

    public Task<IReadOnlyList<Operator>> AllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Operator>>(
            _store.Database.GetCollection<Operator>(Operators).FindAll().OrderBy(o => o.Username, StringComparer.Ordinal).ToList());

    public Task<Operator?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        Task.FromResult<Operator?>(_store.Database.GetCollection<Operator>(Operators).FindById(Normalize(username)));

    public Task<bool> RenewStampAsync(string username)
    {
        var stamp = Domains.SecurityStamps.New();
        return _store.WriteAsync(db =>
        {
            var col = db.GetCollection<Operator>(Operators);
            var op = col.FindById(Normalize(username));
            if (op is null)
            {
                return false;
            }
            op.SecurityStamp = stamp;
            return col.Update(op);
        }, durable: true);
    }

    public Task<Operator?> AuthenticateAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var found = _store.Database.GetCollection<Operator>(Operators).FindById(Normalize(username));
        var ok = PasswordHasher.Verify(password, found?.PasswordHash ?? DummyHash);
        return Task.FromResult(ok && found is { Disabled: false } ? found : null);
    }

    public Task<bool> TryAddAsync(string username, string password, string? createdBy)
    {
        var op = new Operator
        {
            Username = Normalize(username),
            PasswordHash = PasswordHasher.Hash(password),
            CreatedAt = _time.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
            SecurityStamp = Domains.SecurityStamps.New(),
        };
        return _store.WriteAsync(db =>
        {
            var col = db.GetCollection<Operator>(Operators);
            if (col.FindById(op.Username) is not null)
            {
                return false;
            }
            col.Insert(op);
            LiteDbAuditLog.Insert(db, new AuditEntry(op.CreatedAt, createdBy ?? "configuration", "operator.create", op.Username, null));
            return true;
        }, durable: true);
    }

    internal static string Normalize(string username) => username.Trim().ToLowerInvariant();
}
