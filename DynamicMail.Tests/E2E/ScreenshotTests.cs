using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// Not a check: a screenshot of every page at desktop and phone size into <c>$DM_SCREENSHOTS</c> (run by
/// <c>tools/screenshots.sh</c>); without that variable the test only walks the pages.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class ScreenshotTests : BrowserTest
{
    protected override IDictionary<string, string?>? Settings => PageTour.Settings();

    [Theory]
    [InlineData("desktop", 1366, 900)]
    [InlineData("phone", 390, 844)]
    public async Task EveryPage_IsPhotographed(string size, int width, int height)
    {
        var folder = Environment.GetEnvironmentVariable("DM_SCREENSHOTS");
        var taken = 0;
        await new PageTour(App, Browser).VisitAsync(new ViewportSize { Width = width, Height = height }, async (page, name) =>
        {
            taken++;
            if (folder is not null)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(folder, $"{name}-{size}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
                });
            }
        });

        Assert.Equal(13, taken);
    }
}
