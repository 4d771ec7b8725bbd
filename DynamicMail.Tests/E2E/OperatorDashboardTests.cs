using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The operator creates a domain in the console; its customer logs in from a second browser; the dashboard shows the
/// domain online within a second, and offline again once the customer's page is closed.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class OperatorDashboardTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private WebAppHost _app = null!;
    private Browser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, _sink.Port);
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task NewDomain_GoesOnlineAndOffline_OnTheLiveDashboard()
    {
        var operatorPage = await (await _browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(operatorPage, _app.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var domains = new DomainsPage(operatorPage, _app.BaseUrl);
        await domains.OpenAsync();
        await domains.CreateAsync("shop.example", "shopadmin", "shop-password", _sink.Port);
        await Assertions.Expect(domains.Message).ToHaveTextAsync("Created shop.example.");
        await Assertions.Expect(domains.Row("shop.example")).ToBeVisibleAsync();

        var dashboard = new DashboardPage(operatorPage, _app.BaseUrl);
        await dashboard.OpenAsync();
        await Assertions.Expect(dashboard.PresenceOf("shop.example")).ToHaveTextAsync("Offline");

        var customer = new MailServerPage(await (await _browser.NewContextAsync()).NewPageAsync(), _app.BaseUrl, "shop");
        await customer.LoginAsync("shopadmin", "shop-password");
        await customer.WaitForSessionAsync();

        await Assertions.Expect(dashboard.PresenceOf("shop.example")).ToHaveTextAsync("Online", new() { Timeout = 1000 });
        await Assertions.Expect(dashboard.Row("shop.example")).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(dashboard.FeedEntries("connect").First).ToContainTextAsync("shop.example");

        await customer.Page.CloseAsync();

        await Assertions.Expect(dashboard.PresenceOf("shop.example")).ToHaveTextAsync("Offline", new() { Timeout = 2000 });
        await Assertions.Expect(dashboard.FeedEntries("disconnect").First).ToContainTextAsync("shop.example");
    }
}
