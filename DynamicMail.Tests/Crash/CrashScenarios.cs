using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Crash;

/// <summary>
/// Kill the real service with SIGKILL at random moments — while it swallows mail, and while it delivers to a
/// logged-in customer — and check that every acknowledged message still arrives. Run once per store
/// (<see cref="CrashTests"/> on LiteDB, <see cref="PostgresCrashTests"/> on PostgreSQL), tagged <c>Category=Crash</c>;
/// the normal run kills 3 times per scenario, <c>DYNAMICMAIL_CRASH_KILLS=25 ./test.sh --filter-trait Category=Crash</c> is the full run.
/// </summary>
public abstract class CrashScenarios : IAsyncLifetime
{
    private CrashRun _run = null!;
    private Browser _browser = null!;

    /// <summary>Settings added to every start of the service (the store).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> StoreAsync();

    public async ValueTask InitializeAsync()
    {
        _run = new CrashRun(await StoreAsync());
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _run.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task CollectAsync()
    {
        var context = await _browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), _run.Service.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();
    }

    private void Report(string scenario, int acknowledged, int unanswered)
    {
        var line = $"{scenario}: {acknowledged} acknowledged, {_run.Restarts} kills, 0 lost, {_run.Duplicates()} duplicates delivered, {unanswered} sends cut off without a reply";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    [Fact]
    public async Task KillsAndASigtermWhileIngesting_LoseNoAcknowledgedMessage_AndSigtermExitsWithin10s()
    {
        await _run.StartAsync();
        await using var load = _run.Load(clients: 4);
        load.Start();
        for (var i = 0; i < CrashRun.Kills; i++)
        {
            await Task.Delay(_run.Random.Next(200, 1200), TestContext.Current.CancellationToken);
            await _run.KillAndRestartAsync();
        }
        await Task.Delay(_run.Random.Next(200, 1200), TestContext.Current.CancellationToken);
        var (took, exitCode, output) = await _run.TerminateAndRestartAsync();
        Assert.True(exitCode == 0, $"SIGTERM under load: exit code {exitCode} after {took}:\n{output}");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await load.StopAsync();
        var acknowledged = load.Acknowledged.ToList();
        Assert.True(acknowledged.Count > CrashRun.Kills, $"the load barely ran: {acknowledged.Count} acknowledged");

        await CollectAsync();

        Assert.Empty(await _run.MissingAfterAsync(acknowledged, TimeSpan.FromSeconds(90)));
        Report("Kills while ingesting", acknowledged.Count, load.Unanswered);
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM under load: exited in {took.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task KillsWhileDelivering_LoseNoAcknowledgedMessage()
    {
        await _run.StartAsync();
        var target = 100 + 60 * CrashRun.Kills;
        await using (var load = _run.Load(clients: 4))
        {
            load.Start();
            await Wait.Until(() => load.Acknowledged.Count >= target, "the queue filled", 120_000);
            await load.StopAsync();
            var acknowledged = load.Acknowledged.ToList();
            _run.Sink.DataDelay = TimeSpan.FromMilliseconds(20);

            await CollectAsync();
            for (var i = 0; i < CrashRun.Kills; i++)
            {
                var before = _run.Sink.Messages.Count;
                await Wait.Until(() => _run.Sink.Messages.Count > before, "delivery resumed after the restart", 60_000);
                await Task.Delay(_run.Random.Next(50, 400), TestContext.Current.CancellationToken);
                await _run.KillAndRestartAsync();
            }

            var deliveredAtLastKill = _run.DeliveredIds().Distinct().Count();

            Assert.True(deliveredAtLastKill < acknowledged.Count, "every kill must land while mail is still being delivered");
            Assert.Empty(await _run.MissingAfterAsync(acknowledged, TimeSpan.FromSeconds(120)));
            Report("Kills while delivering", acknowledged.Count, load.Unanswered);
        }
    }
}
