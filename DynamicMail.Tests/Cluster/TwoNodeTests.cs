using System.Net.Http.Json;
using System.Text.Json;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// Two real nodes (the built service as child processes) on one PostgreSQL database (issue #19): whichever node
/// accepted the mail, the node that holds the customer's page delivers it, also after the other node was SIGKILLed;
/// and an operator on one node sees a customer present at the other.
/// </summary>
[Collection(nameof(ProcessCollection))]
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
        // Node A in this process, node B as a child process. The operator asks A's API; the customer is at B.
        // (A's dashboard page shows the same registry: PostgresConsoleTests renders it on a PostgreSQL node.)
        await using var a = new WebAppHost(_dirA.Path, _sink.Port, Store("node-a"));
        _b = await StartAsync("node-b", _dirB);
        var (_, key) = await a.Services.GetRequiredService<IApiKeys>().CreateAsync("cluster", EngineHost.OperatorName);
        using var api = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.False(await OnlineAsync(api));

        var customer = new MailServerPage(await (await _browser.NewContextAsync()).NewPageAsync(), _b.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();

        var presence = a.Services.GetRequiredService<PresenceRegistry>();
        await Wait.Until(() => presence.Anywhere("xyz.com") is not null, "node A learns of the presence at node B");
        Assert.Equal("node-b", presence.Anywhere("xyz.com")!.Node);
        Assert.Null(presence.Of("xyz.com")); // only the node holding the circuit delivers
        Assert.True(await OnlineAsync(api));
    }

    private static async Task<bool> OnlineAsync(HttpClient api)
    {
        var summary = await api.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com/queue", TestContext.Current.CancellationToken);
        return summary.GetProperty("online").GetBoolean();
    }

    private static async Task SendAsync(ServiceProcess node, string subject)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(node.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], $"Subject: {subject}\r\n\r\n{subject}\r\n"));
    }
}
