using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>At 390×844 no page scrolls sideways, and the console's navigation is reachable through its drawer.</summary>
[Collection(nameof(E2ECollection))]
public sealed class PhoneLayoutTests : BrowserTest
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    protected override IDictionary<string, string?>? Settings => PageTour.Settings();

    [Fact]
    public async Task NoPage_ScrollsSideways_OnAPhone()
    {
        var wide = new List<string>();
        await new PageTour(App, Browser).VisitAsync(Phone, async (page, name) =>
        {
            var (scroll, inner) = await WidthsAsync(page);
            if (scroll > inner)
            {
                wide.Add($"{name}: page is {scroll} px wide in a {inner} px window");
            }
        });

        Assert.True(wide.Count == 0, string.Join("\n", wide));
    }

    [Fact]
    public async Task ConsoleNavigation_IsReachable_ThroughTheDrawer_OnAPhone()
    {
        var page = await (await Browser.NewContextAsync(Phone)).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Assertions.Expect(page.GetByTestId("domain-table").First).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByTestId("admin-nav")).ToBeHiddenAsync();

        await page.GetByTestId("menu-button").ClickAsync();
        var drawer = page.GetByTestId("drawer-nav");
        await Assertions.Expect(drawer).ToBeVisibleAsync();
        await drawer.GetByRole(AriaRole.Link, new() { Name = "Queue" }).ClickAsync();

        await page.WaitForURLAsync("**/admin/queue");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Queue", Level = 1 })).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("logout").IsVisibleAsync());
    }

    private static async Task<(int Scroll, int Inner)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }
}
