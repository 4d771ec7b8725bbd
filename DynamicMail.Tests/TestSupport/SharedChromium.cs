using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(DynamicMail.Tests.TestSupport.SharedChromium))]

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// One Playwright driver and one headless Chromium (Debian's) for the whole test run, started on first use and
/// started again if it died; closed when the run ends. Tests get isolated contexts of it through <see cref="Browser"/>,
/// so the suite pays one Chromium start instead of one per user a test plays.
/// </summary>
public sealed class SharedChromium : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}
