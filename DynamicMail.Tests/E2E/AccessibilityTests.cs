using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// axe-core in real Chromium on every page (login pages, the customer's page delivering, held, not answered
/// and disconnected, each console page), on a desktop and a phone viewport: no serious or critical violation.
/// The same walk photographs every page into <c>$DM_SCREENSHOTS</c> when that is set (<c>tools/screenshots.sh</c>),
/// so the pages are walked once per size for both.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class AccessibilityTests : BrowserTest
{
    protected override IDictionary<string, string?>? Settings => PageTour.Settings();

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalViolations_OnADesktop() =>
        await AssertAccessibleAsync("desktop", new ViewportSize { Width = 1366, Height = 900 });

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalViolations_OnAPhone() =>
        await AssertAccessibleAsync("phone", new ViewportSize { Width = 390, Height = 844 });

    private async Task AssertAccessibleAsync(string size, ViewportSize viewport)
    {
        var screenshots = Environment.GetEnvironmentVariable("DM_SCREENSHOTS");
        var found = new List<string>();
        var visited = 0;
        await new PageTour(App, Browser).VisitAsync(viewport, async (page, name) =>
        {
            visited++;
            if (screenshots is not null)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(screenshots, $"{name}-{size}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
                });
            }
            found.AddRange(await AxeCheck.SeriousAsync(page, name));
        });

        Assert.Equal(15, visited);
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
