using DynamicMail.Smtp.Operators;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Operators in the "operators" collection, each change with its audit entry in one durable write.</summary>
internal sealed class LiteDbOperatorStore : IOperatorStore
{
    private const string Operators = "operators";
    private readonly LiteDbStore _store;

    public LiteDbOperatorStore(LiteDbStore store)
    {
        _store = store;
        ConsoleCollections.Ensure(store.Database);
    }

    public Task<IReadOnlyList<Operator>> AllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Operator>>(
            _store.Database.GetCollection<Operator>(Operators).FindAll().OrderBy(o => o.Username, StringComparer.Ordinal).ToList());

    public Task<Operator?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        Task.FromResult<Operator?>(_store.Database.GetCollection<Operator>(Operators).FindById(username));

    public Task<bool> AddAsync(Operator op, AuditEntry audit) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<Operator>(Operators);
            if (col.FindById(op.Username) is not null)
            {
                return false;
            }
            col.Insert(op);
            LiteDbAuditLog.Insert(db, audit);
            return true;
        }, durable: true);

    public Task<OperatorChange> ChangeAsync(string username, Action<Operator> change, AuditEntry? audit, bool keepAnotherActive = false) =>
        WriteAsync(username, keepAnotherActive, audit, (col, op) =>
        {
            change(op);
            col.Update(op);
        });

    public Task<OperatorChange> RemoveAsync(string username, AuditEntry audit) =>
        WriteAsync(username, keepAnotherActive: true, audit, (col, op) => col.Delete(op.Username));

    private Task<OperatorChange> WriteAsync(string username, bool keepAnotherActive, AuditEntry? audit, Action<ILiteCollection<Operator>, Operator> apply) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<Operator>(Operators);
            if (col.FindById(username) is not { } op)
            {
                return OperatorChange.NotFound;
            }
            if (keepAnotherActive && !col.FindAll().Any(o => o.Username != username && !o.Disabled))
            {
                return OperatorChange.LastOperator;
            }
            apply(col, op);
            if (audit is not null)
            {
                LiteDbAuditLog.Insert(db, audit);
            }
            return OperatorChange.Done;
        }, durable: true);
}
