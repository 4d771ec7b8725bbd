using DynamicMail.Smtp.Operators;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Operators, each change with its audit entry in one transaction. Changes that must leave another enabled operator
/// lock the table against other writers first, so two nodes disabling the last two operators at once cannot both win.
/// </summary>
internal sealed class PostgresOperatorStore(PostgresStore store) : IOperatorStore
{
    private static Operator Read(NpgsqlDataReader r) => PostgresJson.Read<Operator>(r.GetString(0));

    public Task<IReadOnlyList<Operator>> AllAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyList<Operator>>(async c => await Sql.ListAsync(c, null,
            "SELECT doc FROM operators ORDER BY username COLLATE \"C\"", Read).ConfigureAwait(false), cancellationToken);

    public Task<Operator?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async c => (await Sql.ListAsync(c, null, "SELECT doc FROM operators WHERE username = $1", Read, username)
            .ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<bool> AddAsync(Operator op, AuditEntry audit) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            if (await Sql.ExecuteAsync(conn, tx, "INSERT INTO operators (username, disabled, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    op.Username, op.Disabled, Sql.Doc(op)).ConfigureAwait(false) == 0)
            {
                return false;
            }
            await PostgresAuditLog.InsertAsync(conn, tx, audit).ConfigureAwait(false);
            return true;
        });

    public Task<OperatorChange> ChangeAsync(string username, Action<Operator> change, AuditEntry? audit, bool keepAnotherActive = false) =>
        WriteAsync(username, keepAnotherActive, audit, (conn, tx, op) =>
        {
            change(op);
            return Sql.ExecuteAsync(conn, tx, "UPDATE operators SET disabled = $2, doc = $3 WHERE username = $1", op.Username, op.Disabled, Sql.Doc(op));
        });

    public Task<OperatorChange> RemoveAsync(string username, AuditEntry audit) =>
        WriteAsync(username, keepAnotherActive: true, audit,
            (conn, tx, op) => Sql.ExecuteAsync(conn, tx, "DELETE FROM operators WHERE username = $1", op.Username));

    private Task<OperatorChange> WriteAsync(string username, bool keepAnotherActive, AuditEntry? audit,
        Func<NpgsqlConnection, NpgsqlTransaction, Operator, Task<int>> apply) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            if (keepAnotherActive)
            {
                await Sql.ExecuteAsync(conn, tx, "LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE").ConfigureAwait(false);
            }
            var op = (await Sql.ListAsync(conn, tx, "SELECT doc FROM operators WHERE username = $1 FOR UPDATE", Read, username)
                .ConfigureAwait(false)).FirstOrDefault();
            if (op is null)
            {
                return OperatorChange.NotFound;
            }
            if (keepAnotherActive && await Sql.ScalarAsync<long>(conn, tx,
                    "SELECT count(*) FROM operators WHERE username <> $1 AND NOT disabled", username).ConfigureAwait(false) == 0)
            {
                return OperatorChange.LastOperator;
            }
            await apply(conn, tx, op).ConfigureAwait(false);
            if (audit is not null)
            {
                await PostgresAuditLog.InsertAsync(conn, tx, audit).ConfigureAwait(false);
            }
            return OperatorChange.Done;
        });
}
