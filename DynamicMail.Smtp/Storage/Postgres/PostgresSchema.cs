using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Brings the database to the newest schema at start-up: the scripts <c>Schema/NNN_*.sql</c> (embedded resources)
/// run in order, each in its own transaction with its version row, under an advisory lock so that of several nodes
/// starting at once one migrates and the others wait, then find nothing left to do. A database already migrated by a
/// newer DynamicMail is refused with a clear message instead of being written with an older idea of its tables.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Arbitrary but fixed: the advisory lock key every DynamicMail node takes to migrate.</summary>
    private const long MigrationLock = 0x446D_4D61_696C_0001;

    public static async Task MigrateAsync(NpgsqlDataSource source, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var conn = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(conn, null, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        try
        {
            await Execute(conn, null, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken).ConfigureAwait(false);
            var applied = await AppliedAsync(conn, cancellationToken).ConfigureAwait(false);
            var newest = Scripts().Max(s => s.Version);
            if (applied.Count > 0 && applied.Max() > newest)
            {
                throw new InvalidOperationException($"The PostgreSQL database is at schema version {applied.Max()}, newer than this "
                    + $"DynamicMail knows (up to {newest}): a newer version of DynamicMail has migrated it. Run that version, or "
                    + "restore a backup made before the upgrade; this one does not write to a schema it does not know.");
            }
            foreach (var (version, name, sql) in Scripts().Where(s => !applied.Contains(s.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await Execute(conn, tx, sql, cancellationToken).ConfigureAwait(false);
                await using (var cmd = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES ($1, $2)", conn, tx))
                {
                    cmd.Parameters.Add(new() { Value = version });
                    cmd.Parameters.Add(new() { Value = name });
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Applied schema script {Version} ({Name})", version, name);
            }
        }
        finally
        {
            await Execute(conn, null, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<HashSet<int>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var applied = new HashSet<int>();
        await using var cmd = new NpgsqlCommand("SELECT version FROM schema_version", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            applied.Add(reader.GetInt32(0));
        }
        return applied;
    }

    /// <summary>The embedded scripts, by version (the number before the first '_' of the file name).</summary>
    internal static IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        const string prefix = "DynamicMail.Smtp.Storage.Postgres.Schema.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order())
        {
            var name = resource[prefix.Length..];
            var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            yield return (version, name, text.ReadToEnd());
        }
    }

    private static async Task Execute(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
