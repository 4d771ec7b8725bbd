using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Operator account changes on the "operators" collection, each with its audit entry in the same write.</summary>
internal sealed class LiteDbOperatorAccounts : IOperatorAccounts
{
    public const int MinPasswordLength = 10;
    private const string Operators = "operators";
    private readonly LiteDbStore _store;
    private readonly TimeProvider _time;

    public LiteDbOperatorAccounts(LiteDbStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        ConsoleCollections.Ensure(store.Database);
    }

    public Task<OperatorChange> ChangePasswordAsync(string username, string currentPassword, string newPassword)
    {
        if (newPassword.Length < MinPasswordLength)
        {
            return Task.FromResult(OperatorChange.PasswordTooShort);
        }
        var current = Find(username);
        if (current is null || !PasswordHasher.Verify(currentPassword, current.PasswordHash))
        {
            return Task.FromResult(current is null ? OperatorChange.NotFound : OperatorChange.WrongPassword);
        }
        var hash = PasswordHasher.Hash(newPassword);
        return ChangeAsync(username, current.Username, "operator.password", null, op =>
        {
            op.PasswordHash = hash;
            op.SecurityStamp = SecurityStamps.New();
        });
    }

    public Task<OperatorChange> SetDisabledAsync(string username, bool disabled, string by) =>
        Others(username, by) ?? ChangeAsync(username, by, disabled ? "operator.disable" : "operator.enable", null, op =>
        {
            op.Disabled = disabled;
            op.SecurityStamp = SecurityStamps.New();
        }, mustLeaveAnActiveOperator: disabled);

    public Task<OperatorChange> RemoveAsync(string username, string by) =>
        Others(username, by) ?? ChangeAsync(username, by, "operator.remove", null, remove: true);

    public Task<OperatorChange> SetTotpAsync(string username, string? totpKey, string by) =>
        ChangeAsync(username, by, totpKey is null ? "operator.totp-remove" : "operator.totp-enrol", null, op => op.TotpKey = totpKey);

    private Operator? Find(string username) =>
        _store.Database.GetCollection<Operator>(Operators).FindById(LiteDbOperatorDirectory.Normalize(username));

    private static Task<OperatorChange>? Others(string username, string by) =>
        string.Equals(LiteDbOperatorDirectory.Normalize(username), LiteDbOperatorDirectory.Normalize(by), StringComparison.Ordinal)
            ? Task.FromResult(OperatorChange.Self) : null;

    private Task<OperatorChange> ChangeAsync(string username, string by, string action, string? detail,
        Action<Operator>? change = null, bool mustLeaveAnActiveOperator = false, bool remove = false)
    {
        var name = LiteDbOperatorDirectory.Normalize(username);
        var now = _time.GetUtcNow().UtcDateTime;
        return _store.WriteAsync(db =>
        {
            var col = db.GetCollection<Operator>(Operators);
            if (col.FindById(name) is not { } op)
            {
                return OperatorChange.NotFound;
            }
            // Checked inside the write, so two operators removing each other at once cannot both succeed.
            if ((remove || mustLeaveAnActiveOperator) && !AnotherActive(col, name))
            {
                return OperatorChange.LastOperator;
            }
            Apply(col, op, change, remove);
            LiteDbAuditLog.Insert(db, new AuditEntry(now, by, action, name, detail));
            return OperatorChange.Done;
        }, durable: true);
    }

    private static bool AnotherActive(ILiteCollection<Operator> col, string name) =>
        col.FindAll().Any(o => o.Username != name && !o.Disabled);

    private static void Apply(ILiteCollection<Operator> col, Operator op, Action<Operator>? change, bool remove)
    {
        if (remove)
        {
            col.Delete(op.Username);
            return;
        }
        change!(op);
        col.Update(op);
    }
}
