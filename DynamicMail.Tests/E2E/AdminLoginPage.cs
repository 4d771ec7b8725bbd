using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for /admin/login.</summary>
public sealed class AdminLoginPage(IPage page, string baseUrl)
{
    public ILocator Error => page.GetByTestId("admin-login-error");

    public async Task LoginAsync(string username, string password)
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }
}
