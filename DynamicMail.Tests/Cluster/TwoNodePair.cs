using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// Node A in this process and node B as a child process on one PostgreSQL database, started once for a test class
/// whose tests do not disturb each other (each uses its own domain, list or browser); a test that kills a node
/// starts a node of its own (<see cref="StartNodeAsync"/>) so the pair stays up for the others.
/// </summary>
public sealed class TwoNodePair(PostgresCluster cluster) : IAsyncLifetime
{
    private readonly List<TempDirectory> _dirs = [];
    private string _database = "";

    public ScriptedSmtpServer Sink { get; } = new();
    public WebAppHost A { get; private set; } = null!;
    public ServiceProcess B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await cluster.CreateDatabaseAsync();
        A = new WebAppHost(NewDirectory(), Sink.Port, Store("node-a"));
        B = await StartNodeAsync("node-b");
    }

    /// <summary>Another node on the same database, as a child process; the caller disposes it.</summary>
    public Task<ServiceProcess> StartNodeAsync(string node) =>
        ServiceProcess.StartAsync(NewDirectory(), WebAppHost.FreePort(), WebAppHost.FreePort(), Sink.Port, Store(node));

    private string NewDirectory()
    {
        var dir = new TempDirectory();
        _dirs.Add(dir);
        return dir.Path;
    }

    private Dictionary<string, string?> Store(string node) => new()
    {
        ["DynamicMail:Store:Provider"] = "Postgres",
        ["DynamicMail:Store:ConnectionString"] = _database,
        ["DynamicMail:Store:NodeId"] = node,
    };

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Sink.DisposeAsync();
        _dirs.ForEach(d => d.Dispose());
    }
}
