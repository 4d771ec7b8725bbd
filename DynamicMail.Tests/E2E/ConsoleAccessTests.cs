using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Who may use the console and the API: customers get 403, anonymous visitors the login, the API only a key.</summary>
[Collection(nameof(E2ECollection))]
public sealed class ConsoleAccessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebAppHost _app = null!;
    private Browser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, deliveryPort: 2525);
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task CustomerCookie_Gets403OnAdmin()
    {
        var context = await _browser.NewContextAsync();
        var customer = new MailServerPage(await context.NewPageAsync(), _app.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();

        var response = await customer.Page.GotoAsync($"{_app.BaseUrl.TrimEnd('/')}/admin");

        Assert.Equal(403, response!.Status);
        Assert.Contains("needs an operator login", await customer.Page.TextContentAsync("body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_IsAskedToLogIn_AndAWrongPasswordIsRefused()
    {
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{_app.BaseUrl.TrimEnd('/')}/admin/queue");
        Assert.Contains("/admin/login", page.Url, StringComparison.Ordinal);

        var login = new AdminLoginPage(page, _app.BaseUrl);
        await login.LoginAsync(EngineHost.OperatorName, "wrong-password");

        await Assertions.Expect(login.Error).ToHaveTextAsync("Unknown operator or wrong password.");
    }

    [Fact]
    public async Task Api_AnswersOnlyWithAKeyCreatedInTheConsole_UntilRevoked()
    {
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await new AdminLoginPage(page, _app.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var access = new AccessPage(page, _app.BaseUrl);
        await access.OpenAsync();
        var key = await access.CreateKeyAsync("e2e");
        var url = $"{_app.BaseUrl.TrimEnd('/')}/api/v1/domains";

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
