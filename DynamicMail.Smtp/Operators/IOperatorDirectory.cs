namespace DynamicMail.Smtp.Operators;

/// <summary>Operator accounts, stored hashed (PBKDF2) through the store's writer.</summary>
public interface IOperatorDirectory
{
    /// <summary>Every operator, by name.</summary>
    Task<IReadOnlyList<Operator>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>The operator, or null for an unknown name or a wrong password (same timing either way).</summary>
    Task<Operator?> AuthenticateAsync(string username, string password, CancellationToken cancellationToken = default);

    /// <summary>The operator named <paramref name="username"/> (any case), or null.</summary>
    Task<Operator?> FindAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Gives the operator a new security stamp, ending every console session; false when unknown.</summary>
    Task<bool> RenewStampAsync(string username);

    /// <summary>Adds an operator; false when the name is taken.</summary>
    Task<bool> TryAddAsync(string username, string password, string? createdBy);
}
