using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The operator creates a domain in the console; its customer logs in from a second browser; the dashboard shows the
/// domain online within a second, and offline again once the customer's page is closed.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class OperatorDashboardTests : BrowserTest
{
    [Fact]
    public async Task NewDomain_GoesOnlineAndOffline_OnTheLiveDashboard()
    {
        var operatorPage = await (await Browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(operatorPage, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var domains = new DomainsPage(operatorPage, App.BaseUrl);
        await domains.OpenAsync();
        await domains.CreateAsync("shop.example", "shopadmin", "shop-password", Sink.Port);
        await Assertions.Expect(domains.Message).ToHaveTextAsync("Created shop.example.");
        await Assertions.Expect(domains.Row("shop.example")).ToBeVisibleAsync();

        var dashboard = new DashboardPage(operatorPage, App.BaseUrl);
        await dashboard.OpenAsync();
        await Assertions.Expect(dashboard.PresenceOf("shop.example")).ToHaveTextAsync("Offline");

        var customer = new MailServerPage(await (await Browser.NewContextAsync()).NewPageAsync(), App.BaseUrl, "shop");
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
