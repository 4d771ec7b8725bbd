using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for the live dashboard at /admin.</summary>
public sealed class DashboardPage(IPage page, string baseUrl)
{
    public IPage Page => page;

    public async Task OpenAsync()
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin");
        await Assertions.Expect(page.GetByTestId("domain-table")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    public ILocator Row(string domain) => page.Locator($"[data-testid=domain-row][data-domain='{domain}']");

    public ILocator PresenceOf(string domain) => Row(domain).GetByTestId("presence");

    public ILocator Online => page.GetByTestId("total-online");

    public ILocator FeedEntries(string kind) => page.Locator($"[data-testid=feed-entry][data-kind='{kind}']");
}
