using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Operators;

/// <summary>Operator account changes from the console, each with its audit entry in the same store call.</summary>
internal sealed class OperatorAccounts(IOperatorStore store, TimeProvider time) : IOperatorAccounts
{
    public const int MinPasswordLength = 10;

    public async Task<OperatorChange> ChangePasswordAsync(string username, string currentPassword, string newPassword)
    {
        if (newPassword.Length < MinPasswordLength)
        {
            return OperatorChange.PasswordTooShort;
        }
        var current = await store.FindAsync(OperatorDirectory.Normalize(username)).ConfigureAwait(false);
        if (current is null || !PasswordHasher.Verify(currentPassword, current.PasswordHash))
        {
            return current is null ? OperatorChange.NotFound : OperatorChange.WrongPassword;
        }
        var hash = PasswordHasher.Hash(newPassword);
        return await ChangeAsync(username, current.Username, "operator.password", op =>
        {
            op.PasswordHash = hash;
            op.SecurityStamp = SecurityStamps.New();
        }).ConfigureAwait(false);
    }

    public Task<OperatorChange> SetDisabledAsync(string username, bool disabled, string by) =>
        Others(username, by) ?? ChangeAsync(username, by, disabled ? "operator.disable" : "operator.enable", op =>
        {
            op.Disabled = disabled;
            op.SecurityStamp = SecurityStamps.New();
        }, keepAnotherActive: disabled);

    public Task<OperatorChange> RemoveAsync(string username, string by)
    {
        var name = OperatorDirectory.Normalize(username);
        return Others(username, by) ?? store.RemoveAsync(name, new AuditEntry(time.GetUtcNow().UtcDateTime, by, "operator.remove", name, null));
    }

    public Task<OperatorChange> SetTotpAsync(string username, string? totpKey, string by) =>
        ChangeAsync(username, by, totpKey is null ? "operator.totp-remove" : "operator.totp-enrol", op => op.TotpKey = totpKey);

    private static Task<OperatorChange>? Others(string username, string by) =>
        string.Equals(OperatorDirectory.Normalize(username), OperatorDirectory.Normalize(by), StringComparison.Ordinal)
            ? Task.FromResult(OperatorChange.Self) : null;

    // Checked inside the store's commit, so two operators disabling or removing each other at once cannot both succeed.
    private Task<OperatorChange> ChangeAsync(string username, string by, string action, Action<Operator> change, bool keepAnotherActive = false)
    {
        var name = OperatorDirectory.Normalize(username);
        return store.ChangeAsync(name, change, new AuditEntry(time.GetUtcNow().UtcDateTime, by, action, name, null), keepAnotherActive);
    }
}
