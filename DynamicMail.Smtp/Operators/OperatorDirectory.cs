using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Operators;

/// <summary>Operators, stored hashed (PBKDF2); few and rarely read, so reads go to the store.</summary>
internal sealed class OperatorDirectory(IOperatorStore store, TimeProvider time) : IOperatorDirectory
{
    private static readonly string DummyHash = PasswordHasher.Hash(Guid.NewGuid().ToString());

    public Task<IReadOnlyList<Operator>> AllAsync(CancellationToken cancellationToken = default) => store.AllAsync(cancellationToken);

    public Task<Operator?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        store.FindAsync(Normalize(username), cancellationToken);

    public async Task<bool> RenewStampAsync(string username)
    {
        var stamp = SecurityStamps.New();
        return await store.ChangeAsync(Normalize(username), op => op.SecurityStamp = stamp, audit: null).ConfigureAwait(false) == OperatorChange.Done;
    }

    public async Task<Operator?> AuthenticateAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var found = await store.FindAsync(Normalize(username), cancellationToken).ConfigureAwait(false);
        // Hash even for an unknown name, so timing does not tell which operators exist.
        var ok = PasswordHasher.Verify(password, found?.PasswordHash ?? DummyHash);
        return ok && found is { Disabled: false } ? found : null;
    }

    public Task<bool> TryAddAsync(string username, string password, string? createdBy)
    {
        var op = new Operator
        {
            Username = Normalize(username),
            PasswordHash = PasswordHasher.Hash(password),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
            SecurityStamp = SecurityStamps.New(),
        };
        return store.AddAsync(op, new AuditEntry(op.CreatedAt, createdBy ?? "configuration", "operator.create", op.Username, null));
    }

    internal static string Normalize(string username) => username.Trim().ToLowerInvariant();
}
