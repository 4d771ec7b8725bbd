namespace DynamicMail.Smtp.Operators;

/// <summary>Changes to operator accounts from the console. Each is audited in the same write; none leaves zero active operators.</summary>
public interface IOperatorAccounts
{
    /// <summary>An operator's own new password; the current one must be given. Ends the operator's other sessions.</summary>
    Task<OperatorChange> ChangePasswordAsync(string username, string currentPassword, string newPassword);

    /// <summary>Disables or enables another operator; disabling ends its sessions.</summary>
    Task<OperatorChange> SetDisabledAsync(string username, bool disabled, string by);

    /// <summary>Removes another operator.</summary>
    Task<OperatorChange> RemoveAsync(string username, string by);

    /// <summary>Enrols (a Base32 key) or removes (null) the operator's second factor.</summary>
    Task<OperatorChange> SetTotpAsync(string username, string? totpKey, string by);
}
