namespace DynamicMail.Smtp.Operators;

/// <summary>What API keys need from a store. Each change commits with its audit entry.</summary>
internal interface IApiKeyStore
{
    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<ApiKey>> AllAsync(CancellationToken cancellationToken = default);

    Task<ApiKey?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stores a new key and its audit entry, durably.</summary>
    Task AddAsync(ApiKey key, AuditEntry audit);

    /// <summary>Marks the key revoked at <paramref name="at"/> with its audit entry; false when it does not exist or is already revoked.</summary>
    Task<bool> RevokeAsync(string id, DateTime at, Func<ApiKey, AuditEntry> audit);
}
