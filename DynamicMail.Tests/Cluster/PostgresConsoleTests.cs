using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// The operator console and the customer page on a node whose store is PostgreSQL (issue #19): the dashboard's
/// interactive part starts, shows the domain table and counts live; the other console pages render.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class PostgresConsoleTests(PostgresCluster cluster) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private readonly List<string> _console = [];
    private Browser _browser = null!;
    private WebAppHost _app = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await cluster.CreateDatabaseAsync();
        var settings = PageTour.Settings();
        settings["DynamicMail:Store:Provider"] = "Postgres";
        settings["DynamicMail:Store:ConnectionString"] = database;
        settings["DynamicMail:Store:NodeId"] = "node-a";
        _app = new WebAppHost(_dir.Path, _sink.Port, settings);
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<IPage> OperatorAsync()
    {
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        page.Console += (_, m) => { lock (_console) { _console.Add($"{m.Type}: {m.Text}"); } };
        page.Response += (_, r) => { if (r.Status >= 400) { lock (_console) { _console.Add($"{r.Status} {r.Url}"); } } };
        await new AdminLoginPage(page, _app.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task Dashboard_ShowsTheDomainTable_AndCountsLive()
    {
        var dashboard = new DashboardPage(await OperatorAsync(), _app.BaseUrl);
        try
        {
            await dashboard.OpenAsync();
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            Assert.Fail("The dashboard did not start. Browser console:\n" + string.Join('\n', _console));
        }
        await Assertions.Expect(dashboard.Row("xyz.com")).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.Page.GetByTestId("total-queued")).ToContainTextAsync("0 messages");

        await using (var smtp = await SmtpDialogue.ConnectAsync(_app.Smtp))
        {
            await smtp.SendAsync("EHLO sender.example");
            Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: hi\r\n\r\nhi\r\n"));
        }

        await Assertions.Expect(dashboard.Page.GetByTestId("total-queued")).ToContainTextAsync("1 message,");
    }

    [Fact]
    public async Task EveryConsolePage_AndTheCustomerPage_Render()
    {
        var visited = new List<string>();
        await new PageTour(_app, _browser).VisitAsync(null, (_, name) => { visited.Add(name); return Task.CompletedTask; });
        Assert.Contains("customer-delivered", visited);
        Assert.Contains("admin-access", visited);
    }
}
