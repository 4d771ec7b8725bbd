using System.Diagnostics;
using System.Net.Sockets;

namespace DynamicMail.Bench;

/// <summary>The real service as a child process: the Release build of DynamicMail.Web on its own data folder.</summary>
internal sealed class DynamicMailService : IAsyncDisposable
{
    public const string Domain = "bench.test";
    public const string Slug = "bench";
    public const string Username = "benchadmin";
    public const string Password = "bench-password-1";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly int _smtpPort;
    private readonly string _webUrl;

    private DynamicMailService(Process process, StreamWriter log, string dataDirectory, int smtpPort, string webUrl)
    {
        _smtpPort = smtpPort;
        _webUrl = webUrl;
        _process = process;
        _log = log;
        DataDirectory = dataDirectory;
    }

    public int Pid => _process.Id;
    public string DataDirectory { get; }
    public static string WebUrl => $"http://127.0.0.1:{Settings.WebPort}";

    /// <summary>Starts the service; a fresh data folder unless <paramref name="reuse"/> names one.</summary>
    public static async Task<DynamicMailService> StartAsync(int connections = 0, string? reuse = null, int extraDomains = 0, Dictionary<string, string>? extraEnv = null)
    {
        var data = reuse ?? Path.Combine(Settings.WorkDirectory, "dm-" + Guid.NewGuid().ToString("N")[..8]);
        if (reuse is null && Directory.Exists(data)) { Directory.Delete(data, true); }
        Directory.CreateDirectory(data);
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = WebUrl,
            ["DynamicMail__DataDirectory"] = data,
            ["DynamicMail__Smtp__Port"] = Settings.DmSmtpPort.ToString(),
            ["DynamicMail__Odmr__Port"] = "0",
            ["DynamicMail__Smtp__BindAddress"] = "127.0.0.1",
            ["DynamicMail__Smtp__Hostname"] = "mx.bench.local",
            ["DynamicMail__Delivery__AllowPrivateTargets"] = "true",
            ["DynamicMail__Domains__0__Name"] = Domain,
            ["DynamicMail__Domains__0__Slug"] = Slug,
            ["DynamicMail__Domains__0__Username"] = Username,
            ["DynamicMail__Domains__0__Password"] = Password,
            ["DynamicMail__Domains__0__DeliveryPort"] = Settings.SinkPort.ToString(),
            // Every lookup (sender checks, DSN routing) goes to the driver's DNS server on loopback.
            ["DynamicMail__Dns__Servers__0"] = $"127.0.0.1:{Settings.DnsPort}",
        };
        // Experiments: BENCHDM_X=v in the driver's environment becomes X=v in the service's (e.g. BENCHDM_DOTNET_gcServer=0).
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && k.StartsWith("BENCHDM_", StringComparison.Ordinal)) { env[k["BENCHDM_".Length..]] = e.Value?.ToString() ?? ""; }
        }
        if (Environment.GetEnvironmentVariable("BENCH_PERF") is { Length: > 0 }) { env["DOTNET_PerfMapEnabled"] = "1"; }
        if (connections > 0) { env["DynamicMail__Delivery__ConnectionsPerDomain"] = connections.ToString(); }
        for (var i = 1; i <= extraDomains; i++)
        {
            env[$"DynamicMail__Domains__{i}__Name"] = $"d{i}.bench.test";
            env[$"DynamicMail__Domains__{i}__Username"] = $"user{i}";
            env[$"DynamicMail__Domains__{i}__Password"] = Password;
        }
        foreach (var (k, v) in extraEnv ?? []) { env[k] = v; }
        var dll = Path.Combine(Settings.PublishDirectory, "DynamicMail.Web.dll");
        var process = Proc.Start("dotnet", $"\"{dll}\"", env, Settings.PublishDirectory);
        var log = new StreamWriter(Path.Combine(data, "service.log"), append: true) { AutoFlush = false };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var smtpPort = int.Parse(env["DynamicMail__Smtp__Port"], System.Globalization.CultureInfo.InvariantCulture);
        var service = new DynamicMailService(process, log, data, smtpPort, env["ASPNETCORE_URLS"]);
        // Seeding hashes each domain's password (PBKDF2): 1,000 domains take a minute or two.
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60 + extraDomains / 4));
        return service;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"DynamicMail exited with {_process.ExitCode}; see {DataDirectory}/service.log");
            }
            try
            {
                using var smtp = new TcpClient();
                await smtp.ConnectAsync("127.0.0.1", _smtpPort);
                using var health = await Http.GetAsync(_webUrl + "/readyz");
                if (health.IsSuccessStatusCode) { return; }
            }
            catch (Exception ex) when (ex is SocketException or HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"DynamicMail did not become ready in {timeout}");
    }

    /// <summary>Number of "Queued" log lines so far: every one is a 250 after fsync.</summary>
    public int QueuedCount()
    {
        lock (_log) { _log.Flush(); }
        return File.ReadLines(Path.Combine(DataDirectory, "service.log")).Count(l => l.Contains("Queued ", StringComparison.Ordinal));
    }

    /// <summary>The service's log so far.</summary>
    public List<string> LogLines()
    {
        lock (_log) { _log.Flush(); }
        return File.ReadLines(Path.Combine(DataDirectory, "service.log")).ToList();
    }

    /// <summary>Stops the service (SIGTERM) and counts its "Queued" lines once its output has been read to the end.</summary>
    public async Task<int> StopAndCountQueuedAsync()
    {
        await StopAsync();
        return QueuedCount();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (_log) { _log.Flush(); _log.Dispose(); }
        _process.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", $"-TERM {_process.Id}");
            if (kill is not null) { await kill.WaitForExitAsync(); }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(true); }
        }
        await _process.WaitForExitAsync(); // also waits for the redirected output to be read to its end
    }
}
