using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// The real built service (DynamicMail.Web.dll) as a child process with its own data folder and fixed loopback
/// ports, so it can be killed with SIGKILL and started again on the same addresses.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int smtpPort, int webPort)
    {
        _process = process;
        Smtp = new IPEndPoint(IPAddress.Loopback, smtpPort);
        BaseUrl = $"http://127.0.0.1:{webPort}";
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IPEndPoint Smtp { get; }
    public string BaseUrl { get; }
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output) { _output.AppendLine(line); }
        }
    }

    /// <summary>Starts the service and waits until both its MX and web ports answer.</summary>
    public static async Task<ServiceProcess> StartAsync(string dataDirectory, int smtpPort, int webPort, int deliveryPort,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var info = new ProcessStartInfo("dotnet", [WebDll()])
        {
            WorkingDirectory = Path.Combine(RepoRoot(), "DynamicMail.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var settings = EngineHost.Settings(dataDirectory, deliveryPort);
        settings["DynamicMail:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["DynamicMail:Odmr:Port"] = "0";
        settings["DynamicMail:Delivery:AllowPrivateTargets"] = "true";
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{webPort}";
        var service = new ServiceProcess(Process.Start(info)!, smtpPort, webPort);
        await service.WaitReadyAsync();
        return service;
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode} during start-up:\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The service did not start within 60 s:\n{Output}");
            }
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(Smtp);
                using var health = await http.GetAsync(BaseUrl + "/readyz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs at all.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the exit; returns how long it took.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw new TimeoutException($"The service did not exit within {timeout} of SIGTERM:\n{Output}");
        }
        return watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private static string WebDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepoRoot(), "DynamicMail.Web", "bin", configuration, "net10.0", "DynamicMail.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first (./test.sh does).", dll);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DynamicMail.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("DynamicMail.sln not found above " + AppContext.BaseDirectory);
    }
}
