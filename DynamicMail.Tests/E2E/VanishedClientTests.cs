using System.Diagnostics;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.E2E;

/// <summary>A browser that freezes without closing (SIGSTOP: no packets, no FIN) loses presence (the hub's client timeout).</summary>
[Collection(nameof(FrozenBrowserCollection))]
public sealed class VanishedClientTests : BrowserTest
{
    public override async ValueTask DisposeAsync()
    {
        _ = Signal("CONT");
        await base.DisposeAsync();
    }

    /// <summary>Signals the Chromium processes this test process started (its descendants), by id; nobody else's.</summary>
    private static int Signal(string signal)
    {
        var pids = ProcessTree.Descendants(Environment.ProcessId).Where(ProcessTree.IsChromium).ToList();
        foreach (var pid in pids)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
            kill.WaitForExit();
        }
        return pids.Count;
    }

    [Fact]
    public async Task FrozenBrowser_LosesPresence()
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();
        var presence = App.Services.GetRequiredService<PresenceRegistry>();
        Assert.NotNull(presence.Of("xyz.com"));

        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        presence.Changed += (domain, now) => { if (domain == "xyz.com" && now is null) { gone.TrySetResult(); } };

        Assert.True(Signal("STOP") > 0, "the test's own Chromium was found");

        // No packet and no FIN: only the server's client timeout can notice (the test's own limit is generous).
        await gone.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Null(presence.Of("xyz.com"));
        _ = Signal("CONT");
    }
}
