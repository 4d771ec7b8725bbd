using System.Diagnostics;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.E2E;

/// <summary>A browser that freezes without closing (SIGSTOP: no packets, no FIN) loses presence within 15 s.</summary>
[Collection(nameof(E2ECollection))]
public sealed class VanishedClientTests : BrowserTest
{
    public override async ValueTask DisposeAsync()
    {
        Signal("CONT");
        await base.DisposeAsync();
    }

    private static void Signal(string signal)
    {
        // Every Chromium process of this test run; only tests in the non-parallel E2E collection start one.
        using var kill = Process.Start(new ProcessStartInfo("pkill", $"-{signal} -f /usr/lib/chromium/chromium") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    [Fact]
    public async Task FrozenBrowser_IsDetectedWithin15Seconds()
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();
        var presence = App.Services.GetRequiredService<PresenceRegistry>();
        Assert.NotNull(presence.Of("xyz.com"));

        Signal("STOP");
        var frozenAt = Stopwatch.StartNew();
        while (presence.Of("xyz.com") is not null)
        {
            Assert.True(frozenAt.Elapsed < TimeSpan.FromSeconds(15), "a frozen browser still counts as present after 15 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Signal("CONT");
    }
}
