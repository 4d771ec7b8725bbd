using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for /admin/access: operators and API keys.</summary>
public sealed class AccessPage(IPage page, string baseUrl)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin/access");
        await Assertions.Expect(page.GetByTestId("api-keys")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    /// <summary>Creates a key and returns its full text, shown once.</summary>
    public async Task<string> CreateKeyAsync(string name)
    {
        await page.GetByTestId("api-key-name").FillAsync(name);
        await page.GetByTestId("create-api-key").ClickAsync();
        var key = page.GetByTestId("new-api-key");
        await Assertions.Expect(key).ToBeVisibleAsync();
        return (await key.TextContentAsync())!.Trim();
    }

    public async Task RevokeAsync(string keyId)
    {
        await page.GetByTestId("action-revoke-" + keyId).ClickAsync();
        await page.GetByTestId("yes-revoke-" + keyId).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=api-key][data-key='{keyId}']")).ToContainTextAsync("Revoked");
    }
}
