namespace DynamicMail.Smtp.Operators;

/// <summary>API keys for the HTTP API: created and revoked by operators, checked on every request.</summary>
public interface IApiKeys
{
    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<ApiKey>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a key and returns it with its full text, which is never stored or shown again.</summary>
    Task<(ApiKey Key, string Secret)> CreateAsync(string name, string createdBy);

    /// <summary>Revokes a key; false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeAsync(string id, string revokedBy);

    /// <summary>The active key that <paramref name="presented"/> is, or null.</summary>
    Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken = default);
}
