using System.Net.Http.Json;
using System.Text.Json;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// What one node changes, the other knows (issue #19): node A in this process, node B as a child process on the same
/// PostgreSQL database (one pair for the class). A domain created and a recipient list set at A are in force at B's
/// MX door; a node that was SIGKILLed while its customer was present stops counting as present at the other node.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class TwoNodeChangesTests(TwoNodePair pair) : IClassFixture<TwoNodePair>
{
    private readonly WebAppHost _a = pair.A;
    private readonly ServiceProcess _b = pair.B;
    private readonly ScriptedSmtpServer _sink = pair.Sink;

    [Fact]
    public async Task DomainCreatedAndRecipientListSetAtA_AreInForceAtB()
    {
        Assert.StartsWith("550", await RcptAtBAsync("someone@fresh.example"));
        var created = await _a.Services.GetRequiredService<IDomainAdmin>().CreateAsync(new DomainInput
        {
            Name = "fresh.example", Username = "freshadmin", Password = "fresh-password-1", DeliveryPort = _sink.Port,
        }, EngineHost.OperatorName);
        Assert.True(created.Ok, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        // Node B is a child process: its door is asked again until the notice has reached it.
        await Wait.Until(async () => (await RcptAtBAsync("someone@fresh.example")).StartsWith("250", StringComparison.Ordinal),
            "node B accepts mail for the domain created at node A");

        Assert.StartsWith("250", await RcptAtBAsync("carol@xyz.com"));
        var set = await _a.Services.GetRequiredService<IRecipientLists>().SetAsync("xyz.com", ["bob@xyz.com"], EngineHost.OperatorName);
        Assert.True(set.Ok);
        await Wait.Until(async () => (await RcptAtBAsync("carol@xyz.com")).StartsWith("550", StringComparison.Ordinal),
            "node B refuses a recipient missing from the list set at node A");
        Assert.StartsWith("250", await RcptAtBAsync("bob@xyz.com"));
    }

    [Fact]
    public async Task NodeKilledWhileItsCustomerIsPresent_StopsCountingAtTheOtherNode()
    {
        var (_, key) = await _a.Services.GetRequiredService<IApiKeys>().CreateAsync("cluster", EngineHost.OperatorName);
        using var api = new HttpClient { BaseAddress = new Uri(_a.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        await using var browser = await Browser.StartAsync();
        // A node of its own to kill, so the class's pair stays up for the other tests.
        await using var c = await pair.StartNodeAsync("node-c");
        var customer = new MailServerPage(await (await browser.NewContextAsync()).NewPageAsync(), c.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();
        var presence = _a.Services.GetRequiredService<PresenceRegistry>();
        await Wait.Until(() => presence.Anywhere("xyz.com")?.Node == "node-c", "node A learns of the presence at node C");
        Assert.True(await OnlineAsync(api));
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = _a.Services.GetRequiredService<IMailEvents>().Subscribe(e =>
        {
            if (e is PresenceChanged { Domain: "xyz.com", Present: false })
            {
                gone.TrySetResult();
            }
        });

        await c.KillAsync();

        // The heartbeat is 4 s and a node without one for 10 s stops counting: gone within 15 s of the kill. The
        // wait allows more than that because the machine is shared; the point is that the presence goes at all
        // while the customer's browser still shows its page.
        await gone.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Null(presence.Anywhere("xyz.com"));
        Assert.False(await OnlineAsync(api));
    }

    [Fact]
    public async Task CookiesIssuedByNodeA_AreAcceptedByNodeB()
    {
        // One browser behind a load balancer: its requests reach both nodes (cookies do not depend on the port).
        await using var browser = await Browser.StartAsync();
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await new AdminLoginPage(page, _a.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        var atB = new DashboardPage(page, _b.BaseUrl);
        await atB.OpenAsync();
        Assert.StartsWith(_b.BaseUrl + "/admin", page.Url, StringComparison.Ordinal);
        await Microsoft.Playwright.Assertions.Expect(atB.Row("xyz.com")).ToBeVisibleAsync();

        var customer = new MailServerPage(await context.NewPageAsync(), _a.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();
        await customer.Page.CloseAsync();
        var again = new MailServerPage(await context.NewPageAsync(), _b.BaseUrl, "xyz");
        await again.OpenAsync();
        await again.WaitForSessionAsync();
    }

    [Fact]
    public async Task CookieProtectedByAnotherKeyRing_IsRefusedByNodeB()
    {
        // A node of another installation (its own key ring on disk) logs the operator in; its cookie means nothing here.
        using var otherDir = new TempDirectory();
        await using var other = new WebAppHost(otherDir.Path, _sink.Port);
        await using var browser = await Browser.StartAsync();
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, other.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        await page.GotoAsync(_b.BaseUrl + "/admin");
        Assert.Contains("/admin/login", page.Url, StringComparison.Ordinal);
    }

    private static async Task<bool> OnlineAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com/queue", TestContext.Current.CancellationToken))
            .GetProperty("online").GetBoolean();

    private async Task<string> RcptAtBAsync(string recipient)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_b.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        return await smtp.SendAsync($"RCPT TO:<{recipient}>");
    }
}
