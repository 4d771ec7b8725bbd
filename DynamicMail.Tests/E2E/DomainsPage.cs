using System.Globalization;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for /admin/domains: the list and the domain form.</summary>
public sealed class DomainsPage(IPage page, string baseUrl)
{
    public ILocator Message => page.GetByTestId("domain-message");

    public async Task OpenAsync()
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin/domains");
        await Assertions.Expect(page.GetByTestId("new-domain")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    public async Task CreateAsync(string name, string username, string password, int deliveryPort)
    {
        await page.GetByTestId("new-domain").ClickAsync();
        await page.FillAsync("#dm-name", name);
        await page.FillAsync("#dm-username", username);
        await page.FillAsync("#dm-password", password);
        await page.FillAsync("#dm-port", deliveryPort.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("domain-save").ClickAsync();
    }

    public ILocator Row(string domain) => page.Locator($"[data-testid=domains-row][data-domain='{domain}']");
}
