using System.Security.Cryptography;
using System.Text;

namespace DynamicMail.Smtp.Operators;

/// <summary>
/// API keys. A key is "dm_{id}_{secret}" with 32 random bytes of secret, so a plain SHA-256 is enough (nothing
/// to brute-force); the comparison is constant-time. Only the hash is stored.
/// </summary>
internal sealed class ApiKeys(IApiKeyStore store, TimeProvider time) : IApiKeys
{
    public Task<IReadOnlyList<ApiKey>> AllAsync(CancellationToken cancellationToken = default) => store.AllAsync(cancellationToken);

    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, string createdBy)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = id,
            Name = name.Trim(),
            SecretHash = Hash(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
        };
        await store.AddAsync(key, new AuditEntry(key.CreatedAt, createdBy, "apikey.create", id, key.Name)).ConfigureAwait(false);
        return (key, $"dm_{id}_{secret}");
    }

    public Task<bool> RevokeAsync(string id, string revokedBy)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return store.RevokeAsync(id, now, key => new AuditEntry(now, revokedBy, "apikey.revoke", id, key.Name));
    }

    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken = default)
    {
        var parts = presented.Split('_');
        if (parts.Length != 3 || parts[0] != "dm" || parts[1].Length != 12)
        {
            return null;
        }
        var key = await store.FindAsync(parts[1], cancellationToken).ConfigureAwait(false);
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
