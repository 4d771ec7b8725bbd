using System.Text.RegularExpressions;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Crash;

/// <summary>One crash run's parts: a data folder, fixed ports, the sink, and the service that keeps being killed.</summary>
internal sealed partial class CrashRun(IReadOnlyDictionary<string, string?>? store = null) : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly int _smtpPort = WebAppHost.FreePort();
    private readonly int _webPort = WebAppHost.FreePort();

    /// <summary>Kills per scenario: small in the normal run, <c>DYNAMICMAIL_CRASH_KILLS</c> (e.g. 25) for the full run.</summary>
    public static int Kills => int.TryParse(Environment.GetEnvironmentVariable("DYNAMICMAIL_CRASH_KILLS"), out var n) && n > 0 ? n : 3;

    public ScriptedSmtpServer Sink { get; } = new();
    public ServiceProcess Service { get; private set; } = null!;
    public int Restarts { get; private set; }
    public Random Random { get; } = new(Environment.TickCount);

    public async Task StartAsync() => Service = await ServiceProcess.StartAsync(_dir.Path, _smtpPort, _webPort, Sink.Port, store);

    /// <summary>SIGKILL, then start again on the same folder and ports; start-up fails loudly if the store does not open.</summary>
    public async Task KillAndRestartAsync()
    {
        await Service.KillAsync();
        await Service.DisposeAsync();
        Service = await ServiceProcess.StartAsync(_dir.Path, _smtpPort, _webPort, Sink.Port, store);
        Restarts++;
    }

    /// <summary>SIGTERM (graceful), then start again; returns how long the exit took.</summary>
    public async Task<(TimeSpan Took, int ExitCode, string Output)> TerminateAndRestartAsync()
    {
        var took = await Service.TerminateAsync(TimeSpan.FromSeconds(10));
        var result = (took, Service.ExitCode, Service.Output);
        await Service.DisposeAsync();
        Service = await ServiceProcess.StartAsync(_dir.Path, _smtpPort, _webPort, Sink.Port, store);
        return result;
    }

    public SmtpLoad Load(int clients) => new(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, _smtpPort), clients, "bob@xyz.com");

    [GeneratedRegex(@"with ESMTP id (?<id>[0-9A-Z]{14})")]
    private static partial Regex QueueIdInTrace();

    /// <summary>Queue ids of every message the sink received, as often as it received them.</summary>
    public List<string> DeliveredIds() => Sink.Messages.Select(m => QueueIdInTrace().Match(m.Content).Groups["id"].Value).ToList();

    /// <summary>Waits until every acknowledged id has reached the sink; returns the ones still missing at the deadline.</summary>
    public async Task<List<string>> MissingAfterAsync(IReadOnlyCollection<string> acknowledged, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var missing = acknowledged.Except(DeliveredIds()).ToList();
            if (missing.Count == 0 || DateTime.UtcNow > deadline)
            {
                return missing;
            }
            await Task.Delay(100);
        }
    }

    public int Duplicates() => DeliveredIds().GroupBy(id => id).Sum(g => g.Count() - 1);

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
        await Sink.DisposeAsync();
        _dir.Dispose();
    }
}
