using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Crash;

/// <summary>
/// The crash scenarios on PostgreSQL (issue #19): the service keeps one node id across its restarts, so each start
/// gives back the leases its killed predecessor held; every acknowledged message must still arrive.
/// </summary>
[Collection(nameof(ProcessCollection))]
[Trait("Category", "Crash")]
public sealed class PostgresCrashTests(PostgresCluster cluster) : CrashScenarios
{
    protected override async Task<IReadOnlyDictionary<string, string?>> StoreAsync() => new Dictionary<string, string?>
    {
        ["DynamicMail:Store:Provider"] = "Postgres",
        ["DynamicMail:Store:ConnectionString"] = await cluster.CreateDatabaseAsync(),
        ["DynamicMail:Store:NodeId"] = "crash-node",
    };
}
