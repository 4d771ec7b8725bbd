using DynamicMail.Smtp.Storage.Postgres;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DynamicMail.Tests.Storage;

/// <summary>#19: the schema is created and migrated at start-up by the first node that gets the advisory lock.</summary>
public sealed class PostgresSchemaMigrationTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<int> AllVersions => PostgresSchema.Scripts().Select(s => s.Version).ToList();

    [Fact]
    public async Task FourNodesStartingAtOnce_OnAnEmptyDatabase_ApplyEveryScriptOnce()
    {
        await using var source = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.MigrateAsync(source, NullLogger.Instance, Ct), Ct)));

        Assert.Equal(AllVersions, await VersionsAsync(source));
    }

    [Fact]
    public async Task ADatabaseAtAnOlderVersion_IsBroughtUpToDate_KeepingItsRows()
    {
        await using var source = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync());
        await using (var conn = await source.OpenConnectionAsync(Ct))
        {
            await Execute(conn, "CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var (version, name, sql) in PostgresSchema.Scripts().Take(2))
            {
                await Execute(conn, sql);
                await Execute(conn, $"INSERT INTO schema_version (version, name) VALUES ({version}, '{name}')");
            }
            await Execute(conn, "INSERT INTO nodes (id, address, started_at, heartbeat) VALUES ('old-node', 'a', now(), now())");
        }

        await PostgresSchema.MigrateAsync(source, NullLogger.Instance, Ct);
        await PostgresSchema.MigrateAsync(source, NullLogger.Instance, Ct); // a second start finds nothing to do

        Assert.Equal(AllVersions, await VersionsAsync(source));
        await using var check = source.CreateCommand("SELECT count(*) FROM nodes WHERE id = 'old-node'");
        Assert.Equal(1L, await check.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task ADatabaseMigratedByANewerDynamicMail_IsRefused_NamingBothVersions_AndLeftAsItIs()
    {
        await using var source = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(source, NullLogger.Instance, Ct);
        var newer = AllVersions.Max() + 1;
        await using (var conn = await source.OpenConnectionAsync(Ct))
        {
            await Execute(conn, $"INSERT INTO schema_version (version, name) VALUES ({newer}, '{newer:000}_from_the_future.sql')");
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.MigrateAsync(source, NullLogger.Instance, Ct));

        Assert.Contains($"schema version {newer}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {AllVersions.Max()}", refused.Message, StringComparison.Ordinal);
        Assert.Equal([.. AllVersions, newer], await VersionsAsync(source));
    }

    private static async Task<List<int>> VersionsAsync(NpgsqlDataSource source)
    {
        var versions = new List<int>();
        await using var cmd = source.CreateCommand("SELECT version FROM schema_version ORDER BY version");
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
