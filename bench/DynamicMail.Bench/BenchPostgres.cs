using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DynamicMail.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster for the benchmark, as the tests make one (Debian's pg_createcluster, trust auth on
/// 127.0.0.1 at a free port, default durability: fsync and synchronous_commit on), dropped at the end.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    /// <summary>The newest PostgreSQL server Debian installed (15 on Debian 12, 17 on Debian 13).</summary>
    private static readonly string Version = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
            .Select(Path.GetFileName).OfType<string>().Where(v => int.TryParse(v, out _)).OrderBy(int.Parse).LastOrDefault() ?? "15"
        : "15";
    private readonly string _name = "dmbench_" + Environment.ProcessId;
    private int _port;

    public static async Task<BenchPostgres> StartAsync()
    {
        var pg = new BenchPostgres();
        await Proc.RunAsync("pg_dropcluster", $"--stop {Version} {pg._name}");
        pg._port = FreePort();
        await Must("pg_createcluster", $"{Version} {pg._name} -p {pg._port.ToString(CultureInfo.InvariantCulture)} -d /tmp/{pg._name}-data --start-conf manual -- --auth=trust");
        await Must("pg_ctlcluster", $"{Version} {pg._name} start -o \"-c listen_addresses=127.0.0.1 -c max_connections=200\"");
        return pg;
    }

    /// <summary>A new empty database for one service (or one pair of nodes).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await Must("psql", $"-h 127.0.0.1 -p {_port.ToString(CultureInfo.InvariantCulture)} -U postgres -c \"CREATE DATABASE {name}\"");
        return $"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={name};SSL Mode=Disable";
    }

    public static Dictionary<string, string> Env(string connectionString, string node) => new()
    {
        ["DynamicMail__Store__Provider"] = "Postgres",
        ["DynamicMail__Store__ConnectionString"] = connectionString,
        ["DynamicMail__Store__NodeId"] = node,
    };

    private static async Task Must(string file, string args)
    {
        var r = await Proc.RunAsync(file, args);
        if (r.ExitCode != 0) { throw new InvalidOperationException($"{file} {args}: {r.Stdout} {r.Stderr}"); }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await Proc.RunAsync("pg_dropcluster", $"--stop {Version} {_name}");
}
