using Microsoft.Playwright;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// Debian's Chromium, headless: one browser process per instance (started on the first context), and each context
/// a fresh, isolated one (own cookies, storage and cache, like a new profile), so a test pays one Chromium start
/// however many users it plays.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly List<IBrowserContext> _contexts = [];
    private IBrowser? _browser;

    private Browser(IPlaywright playwright) => _playwright = playwright;

    public static async Task<Browser> StartAsync() => new(await Playwright.CreateAsync());

    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport });
        _contexts.Add(context);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright.Dispose();
    }
}
