using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>On PostgreSQL, backups are the database's job (pg_dump, or base backups with WAL archiving); the API says so.</summary>
internal sealed class PostgresBackup : IStoreBackup
{
    public Task<BackupReport> BackupAsync(string folder, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(
            "The store is PostgreSQL: back it up with pg_dump, or with base backups and WAL archiving (see the README).");
}
