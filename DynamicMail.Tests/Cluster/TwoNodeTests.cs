using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// Two real nodes (the built service as child processes) on one PostgreSQL database (issue #19): whichever node
/// accepted the mail, the node that holds the customer's page delivers it, also after the other node was SIGKILLed;
/// and an operator on one node sees a customer present at the other.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class TwoNodeTests(PostgresCluster cluster) : IAsyncLifetime
{
    private readonly TempDirectory _dirA = new();
    private readonly TempDirectory _dirB = new();
    private readonly ScriptedSmtpServer _sink = new();
    private Browser _browser = null!;
    private string _database = "";
    private ServiceProcess? _a;
    private ServiceProcess? _b;

    public async ValueTask InitializeAsync()
    {
        _database = await cluster.CreateDatabaseAsync();
        _browser = await Browser.StartAsync();
    }

    private Dictionary<string, string?> Store(string node) => new()
    {
        ["DynamicMail:Store:Provider"] = "Postgres",
        ["DynamicMail:Store:ConnectionString"] = _database,
        ["DynamicMail:Store:NodeId"] = node,
    };

    private Task<ServiceProcess> StartAsync(string node, TempDirectory dir) =>
        ServiceProcess.StartAsync(dir.Path, WebAppHost.FreePort(), WebAppHost.FreePort(), _sink.Port, Store(node));

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        if (_a is not null) { await _a.DisposeAsync(); }
        if (_b is not null) { await _b.DisposeAsync(); }
        await _sink.DisposeAsync();
        _dirA.Dispose();
        _dirB.Dispose();
    }

    [Fact]
    public async Task MailAcceptedByBothNodes_IsDeliveredByTheNodeWithTheCustomer_EvenAfterTheOtherWasKilled()
    {
        _a = await StartAsync("node-a", _dirA);
        _b = await StartAsync("node-b", _dirB);
        await SendAsync(_a!, "accepted by A");
        await SendAsync(_b!, "accepted by B");

        await _a!.KillAsync();
        var customer = new MailServerPage(await (await _browser.NewContextAsync()).NewPageAsync(), _b!.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();

        await _sink.WaitForRecipientsAsync(2, TimeSpan.FromSeconds(30));
        Assert.Equal((1, 1), (_sink.CountContaining("accepted by A"), _sink.CountContaining("accepted by B")));
    }

    [Fact]
    public async Task OperatorOnNodeA_SeesTheCustomerPresentAtNodeB()
    {
        // Node A in this process (its console as in OperatorDashboardTests), node B as a child process.
        await using var a = new WebAppHost(_dirA.Path, _sink.Port, Store("node-a"));
        _b = await StartAsync("node-b", _dirB);
        var operatorPage = await (await _browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(operatorPage, a.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var dashboard = new DashboardPage(operatorPage, a.BaseUrl);
        await dashboard.OpenAsync();
        await Assertions.Expect(dashboard.PresenceOf("xyz.com")).ToHaveTextAsync("Offline");

        var customer = new MailServerPage(await (await _browser.NewContextAsync()).NewPageAsync(), _b.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();

        await Assertions.Expect(dashboard.PresenceOf("xyz.com")).ToHaveTextAsync("Online", new() { Timeout = 5000 });
        await Assertions.Expect(dashboard.Row("xyz.com")).ToContainTextAsync("node-b");
    }

    private static async Task SendAsync(ServiceProcess node, string subject)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(node.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], $"Subject: {subject}\r\n\r\n{subject}\r\n"));
    }
}
