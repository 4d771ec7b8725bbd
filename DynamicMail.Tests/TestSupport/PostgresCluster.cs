using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(DynamicMail.Tests.TestSupport.PostgresCluster))]

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (Debian's pg_createcluster, trust auth on 127.0.0.1 at a free port),
/// created on first use and dropped when the run ends. Each caller gets a database of its own, so tests stay
/// independent. The cluster's name carries the test process id; clusters left by runs that died are dropped first.
/// The cluster "main" and other runs' clusters are never touched.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The newest PostgreSQL server Debian installed (15 on Debian 12, 17 on Debian 13).</summary>
    private static readonly string Version = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
            .Select(Path.GetFileName).OfType<string>().Where(v => int.TryParse(v, out _)).OrderBy(int.Parse).LastOrDefault() ?? "15"
        : "15";
    private const string Prefix = "dmtest_";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _name;
    private int _port;

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var server = await StartAsync();
        var name = "dm_" + Guid.NewGuid().ToString("N")[..16];
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The connection string of the server's "postgres" database; starts the cluster on first use.</summary>
    public async Task<string> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_name is null)
            {
                DropLeftovers();
                var name = $"{Prefix}{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";
                var port = FreePort();
                Run("pg_createcluster", Version, name, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-d", $"/tmp/{name}-data", "--start-conf", "manual", "--", "--auth=trust", "--no-sync");
                _name = name;
                Run("pg_ctlcluster", Version, name, "start", "-o", "-c listen_addresses=127.0.0.1");
                _port = port;
            }
            return $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;SSL Mode=Disable;Timeout=15;Command Timeout=60";
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_name is { } name)
        {
            NpgsqlConnection.ClearAllPools();
            Run("pg_dropcluster", "--stop", Version, name);
            _name = null;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops test clusters whose test process is gone (a run that was killed before it could clean up).</summary>
    private static void DropLeftovers()
    {
        foreach (var dir in Directory.Exists($"/etc/postgresql/{Version}") ? Directory.GetDirectories($"/etc/postgresql/{Version}") : [])
        {
            var name = Path.GetFileName(dir);
            var parts = name.Split('_');
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && parts.Length == 3 && int.TryParse(parts[1], out var pid) && !Alive(pid))
            {
                Run("pg_dropcluster", "--stop", Version, name);
            }
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)) || p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stdout.Result} {stderr.Result}");
        }
    }
}
