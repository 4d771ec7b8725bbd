using System.Security.Cryptography;
using System.Text;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Keys in the "apikeys" collection. A key is "dm_{id}_{secret}" with 32 random bytes of secret, so a plain
/// SHA-256 is enough (nothing to brute-force); the comparison is constant-time.
/// </summary>
internal sealed class LiteDbApiKeys : IApiKeys
{
    private readonly LiteDbStore _store;
    private readonly TimeProvider _time;

    public LiteDbApiKeys(LiteDbStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        ConsoleCollections.Ensure(store.Database);
    }

    private const string Keys = "apikeys";

    public Task<IReadOnlyList<ApiKey>> AllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApiKey>>(_store.Database.GetCollection<ApiKey>(Keys).FindAll().OrderByDescending(k => k.CreatedAt).ToList());

    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, string createdBy)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = id,
            Name = name.Trim(),
            SecretHash = Hash(secret),
            CreatedAt = _time.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
        };
        await _store.WriteAsync(db =>
        {
            db.GetCollection<ApiKey>(Keys).Insert(key);
            LiteDbAuditLog.Insert(db, new AuditEntry(key.CreatedAt, createdBy, "apikey.create", id, key.Name));
        }, durable: true).ConfigureAwait(false);
        return (key, $"dm_{id}_{secret}");
    }

    public Task<bool> RevokeAsync(string id, string revokedBy)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _store.WriteAsync(db =>
        {
            var col = db.GetCollection<ApiKey>(Keys);
            var key = col.FindById(id);
            if (key is null || !key.Active)
            {
                return false;
            }
            key.RevokedAt = now;
            col.Update(key);
            LiteDbAuditLog.Insert(db, new AuditEntry(now, revokedBy, "apikey.revoke", id, key.Name));
            return true;
        }, durable: true);
    }

    public Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken = default) => Task.FromResult(Verify(presented));

    private ApiKey? Verify(string presented)
    {
        var parts = presented.Split('_');
        if (parts.Length != 3 || parts[0] != "dm" || parts[1].Length != 12)
        {
            return null;
        }
        var key = _store.Database.GetCollection<ApiKey>(Keys).FindById(parts[1]);
        if (key is not { Active: true })
        {
            return null;
        }
        var ok = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(parts[2])), Encoding.ASCII.GetBytes(key.SecretHash));
        return ok ? key : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
