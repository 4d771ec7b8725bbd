using Microsoft.Playwright;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// A test's view of Debian's headless Chromium: each context is a fresh, isolated one (own cookies, storage and
/// cache, like a new profile) in the run's one Chromium process (<see cref="SharedChromium"/>); disposing closes
/// this test's contexts and leaves the process for the next test.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    private Browser()
    {
    }

    public static Task<Browser> StartAsync() => Task.FromResult(new Browser());

    /// <summary>
    /// A fresh context; <paramref name="timezoneId"/> ("Asia/Tokyo") sets the zone its pages run in,
    /// <paramref name="colorScheme"/> the system's light or dark preference they see.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null, string? timezoneId = null, ColorScheme? colorScheme = null)
    {
        var browser = await SharedChromium.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport, TimezoneId = timezoneId, ColorScheme = colorScheme ?? ColorScheme.Light,
        });
        _contexts.Add(context);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // The shared Chromium died meanwhile; SharedChromium starts a new one for the next test.
            }
        }
    }
}
