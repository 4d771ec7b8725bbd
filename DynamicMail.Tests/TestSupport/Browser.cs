using Microsoft.Playwright;

namespace DynamicMail.Tests.TestSupport;

/// <summary>Debian's Chromium, headless, one fresh profile per context.</summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly List<(IBrowserContext Context, TempDirectory Profile)> _contexts = [];

    private Browser(IPlaywright playwright) => _playwright = playwright;

    public static async Task<Browser> StartAsync() => new(await Playwright.CreateAsync());

    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        var profile = new TempDirectory();
        var context = await _playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            ViewportSize = viewport,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        _contexts.Add((context, profile));
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (context, profile) in _contexts)
        {
            await context.CloseAsync();
            profile.Dispose();
        }
        _playwright.Dispose();
    }
}
