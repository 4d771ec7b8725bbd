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

    /// <summary>A fresh context; <paramref name="timeZone"/> (an IANA id) is the zone its pages report, else the machine's.</summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null, string? timeZone = null)
    {
        var browser = await SharedChromium.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport, TimezoneId = timeZone });
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
