namespace DynamicMail.Smtp.Operators;

/// <summary>Operator accounts, stored hashed (PBKDF2) through the store's writer.</summary>
public interface IOperatorDirectory
{
    IReadOnlyList<Operator> All();

    /// <summary>The operator, or null for an unknown name or a wrong password (same timing either way).</summary>
    Operator? Authenticate(string username, string password);

    /// <summary>Adds an operator; false when the name is taken.</summary>
    Task<bool> TryAddAsync(string username, string password, string? createdBy);
}
