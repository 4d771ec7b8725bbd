using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Who may use the console and the API: customers get 403, anonymous visitors the login, the API only a key.</summary>
[Collection(nameof(E2ECollection))]
public sealed class ConsoleAccessTests : BrowserTest
{
    [Fact]
    public async Task CustomerCookie_Gets403OnAdmin()
    {
        var context = await Browser.NewContextAsync();
        var customer = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();

        var response = await customer.Page.GotoAsync($"{App.BaseUrl.TrimEnd('/')}/admin");

        Assert.Equal(403, response!.Status);
        Assert.Contains("needs an operator login", await customer.Page.TextContentAsync("body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_IsAskedToLogIn_AndAWrongPasswordIsRefused()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{App.BaseUrl.TrimEnd('/')}/admin/queue");
        Assert.Contains("/admin/login", page.Url, StringComparison.Ordinal);

        var login = new AdminLoginPage(page, App.BaseUrl);
        await login.LoginAsync(EngineHost.OperatorName, "wrong-password");

        await Assertions.Expect(login.Error).ToHaveTextAsync("Unknown operator or wrong password.");
    }

    [Fact]
    public async Task Api_AnswersOnlyWithAKeyCreatedInTheConsole_UntilRevoked()
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var access = new AccessPage(page, App.BaseUrl);
        await access.OpenAsync();
        var key = await access.CreateKeyAsync("e2e");
        var url = $"{App.BaseUrl.TrimEnd('/')}/api/v1/domains";

        // The context carries the operator's cookie: that alone must not open the API.
        var withoutKey = await context.APIRequest.GetAsync(url);
        var withKey = await context.APIRequest.GetAsync(url, new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = key } });

        Assert.Equal(401, withoutKey.Status);
        Assert.Contains("API key required", await withoutKey.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(200, withKey.Status);
        Assert.Contains("\"name\":\"xyz.com\"", await withKey.TextAsync(), StringComparison.Ordinal);

        await access.RevokeAsync(key.Split('_')[1]);

        var revoked = await context.APIRequest.GetAsync(url, new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = key } });
        Assert.Equal(401, revoked.Status);
    }
}
