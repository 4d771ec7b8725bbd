using System.Globalization;
using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// #17 "dark mode following the system": a browser whose system is dark gets the dark palette on the customer's
/// pages and the console (its static login and its live pages), a light one the light palette; in dark mode too no serious or
/// critical accessibility violation (contrast above all).
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class DarkModeTests : BrowserTest
{
    [Fact]
    public async Task ADarkSystem_GetsTheDarkPalette_WithoutAccessibilityViolations_ALightOneTheLight()
    {
        var dark = await (await Browser.NewContextAsync(colorScheme: ColorScheme.Dark)).NewPageAsync();
        var light = await (await Browser.NewContextAsync(colorScheme: ColorScheme.Light)).NewPageAsync();
        var customer = new MailServerPage(await (await Browser.NewContextAsync(colorScheme: ColorScheme.Dark)).NewPageAsync(), App.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        var found = new List<string>();

        foreach (var path in new[] { "/mailserver/xyz", "/admin/login" })
        {
            await dark.GotoAsync(App.BaseUrl + path);
            await light.GotoAsync(App.BaseUrl + path);
            Assert.True(await BackgroundLuminanceAsync(dark) < 0.2, $"{path} is not dark on a dark system");
            Assert.True(await BackgroundLuminanceAsync(light) > 0.8, $"{path} is not light on a light system");
            found.AddRange(await AxeCheck.SeriousAsync(dark, $"{path} (dark)"));
        }
        Assert.True(await BackgroundLuminanceAsync(customer.Page) < 0.2, "the live customer page is not dark on a dark system");
        found.AddRange(await AxeCheck.SeriousAsync(customer.Page, "/mailserver/xyz logged in (dark)"));
        await Mail.SendAsync(App.Smtp, "alice@sender.example", "someone@abc.org", "queued for the console");
        await new AdminLoginPage(dark, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        foreach (var (path, ready) in new[] { ("/admin", "domain-table"), ("/admin/queue", "queue-row") })
        {
            await dark.GotoAsync(App.BaseUrl + path);
            await Assertions.Expect(dark.GetByTestId(ready).First).ToBeVisibleAsync(new() { Timeout = 15000 });
            Assert.True(await BackgroundLuminanceAsync(dark) < 0.2, $"{path} is not dark on a dark system");
            found.AddRange(await AxeCheck.SeriousAsync(dark, $"{path} (dark)"));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    /// <summary>Relative luminance (WCAG) of the body's background colour, 0 black to 1 white.</summary>
    private static async Task<double> BackgroundLuminanceAsync(IPage page)
    {
        var rgb = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var parts = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)].Split(',')
            .Take(3).Select(p => double.Parse(p.Trim(), CultureInfo.InvariantCulture) / 255).ToArray();
        static double Linear(double c) => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return (0.2126 * Linear(parts[0])) + (0.7152 * Linear(parts[1])) + (0.0722 * Linear(parts[2]));
    }
}
