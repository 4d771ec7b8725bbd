using System.Diagnostics;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.E2E;

/// <summary>A browser that freezes without closing (SIGSTOP: no packets, no FIN) loses presence within 15 s.</summary>
[Collection(nameof(E2ECollection))]
public sealed class VanishedClientTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private WebAppHost _app = null!;
    private Browser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, _sink.Port);
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Signal("CONT");
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
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
        var context = await _browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), _app.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();
        var presence = _app.Services.GetRequiredService<PresenceRegistry>();
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
