using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for /admin/audit.</summary>
public sealed class AuditPage(IPage page, string baseUrl)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin/audit");
        await Assertions.Expect(page.GetByTestId("audit-table")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    public ILocator Entry(string action) => page.Locator($"[data-testid=audit-entry][data-action='{action}']");
}
