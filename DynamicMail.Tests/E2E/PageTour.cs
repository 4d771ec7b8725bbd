using DynamicMail.Smtp.Domains;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// Walks every page of the service in one browser, each in a telling state, and hands each to a check
/// (accessibility, phone layout, screenshot). xyz.com delivers to the sink; abc.org's server does not answer.
/// </summary>
internal sealed class PageTour(WebAppHost app, Browser browser)
{
    /// <summary>Settings the tour needs from its host: abc.org delivers to a closed port, a support contact.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["DynamicMail:Domains:1:DeliveryPort"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicMail:Support:Contact"] = "support@provider.example, +1 555 0100",
    };

    public async Task VisitAsync(ViewportSize? viewport, Func<IPage, string, Task> check)
    {
        await SendAsync("bob@xyz.com", 3);
        var firstAbc = await SendAsync("carol@abc.org", 4);
        await CustomerAsync(await NewPageAsync(viewport), check);
        await NotAnsweringAsync(await NewPageAsync(viewport), check);
        await ConsoleAsync(await NewPageAsync(viewport), firstAbc, check);
    }

    private async Task<IPage> NewPageAsync(ViewportSize? viewport) => await (await browser.NewContextAsync(viewport)).NewPageAsync();

    private async Task CustomerAsync(IPage page, Func<IPage, string, Task> check)
    {
        await page.GotoAsync(app.BaseUrl);
        await check(page, "home");
        var customer = new MailServerPage(page, app.BaseUrl, "xyz");
        await customer.OpenAsync();
        await check(page, "customer-login");
        await customer.LoginAsync("xyzadmin", "wrong-password");
        await Assertions.Expect(customer.LoginError).ToBeVisibleAsync();
        await check(page, "customer-login-failed");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await Assertions.Expect(customer.ProgressText).ToHaveTextAsync("3 of 3 delivered", new() { Timeout = 15000 });
        await check(page, "customer-delivered");
        await HeldAsync(customer, check);
    }

    /// <summary>The customer's page while delivery is held (maintenance), with mail queued meanwhile.</summary>
    private async Task HeldAsync(MailServerPage customer, Func<IPage, string, Task> check)
    {
        var holds = app.Services.GetRequiredService<IDomainHolds>();
        Assert.True((await holds.HoldAsync("xyz.com", "Server move on Saturday", null, "operator")).Ok);
        await SendAsync("bob@xyz.com", 1);
        await customer.OpenAsync();
        await Assertions.Expect(customer.Status).ToHaveAttributeAsync("data-state", "Held", new() { Timeout = 15000 });
        await Assertions.Expect(customer.WaitingRows).ToHaveCountAsync(1);
        await check(customer.Page, "customer-held");
    }

    private async Task NotAnsweringAsync(IPage page, Func<IPage, string, Task> check)
    {
        var customer = new MailServerPage(page, app.BaseUrl, "abc");
        await customer.LoginAsync("abcadmin", "abc-password");
        await Assertions.Expect(customer.Status).ToHaveAttributeAsync("data-state", "NotAnswering", new() { Timeout = 15000 });
        await Assertions.Expect(customer.WaitingRows).ToHaveCountAsync(4);
        await check(page, "customer-not-answering");
        await customer.DisconnectAsync();
        await Assertions.Expect(customer.Status).ToHaveAttributeAsync("data-state", "Disconnected");
        await check(page, "customer-disconnected");
    }

    private async Task ConsoleAsync(IPage page, string messageId, Func<IPage, string, Task> check)
    {
        var login = new AdminLoginPage(page, app.BaseUrl);
        await page.GotoAsync($"{app.BaseUrl.TrimEnd('/')}/admin/login");
        await check(page, "admin-login");
        // The second step of a login with an authenticator app, as it looks after a wrong code.
        await page.GotoAsync($"{app.BaseUrl.TrimEnd('/')}/admin/login/code?error=1");
        await Assertions.Expect(page.GetByTestId("code-error")).ToBeVisibleAsync();
        await check(page, "admin-login-code");
        await login.LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Visit(page, "/admin", "domain-table", "admin-dashboard", check);
        await Visit(page, "/admin/domains", "domains-row", "admin-domains", check);
        await Visit(page, "/admin/queue", "queue-row", "admin-queue", check);
        await Visit(page, $"/admin/queue/{messageId}", "envelope", "admin-message", check);
        await Visit(page, "/admin/audit", "audit-table", "admin-audit", check);
        await Visit(page, "/admin/access", "api-keys", "admin-access", check);
    }

    private async Task Visit(IPage page, string path, string ready, string name, Func<IPage, string, Task> check)
    {
        await page.GotoAsync($"{app.BaseUrl.TrimEnd('/')}{path}");
        await Assertions.Expect(page.GetByTestId(ready).First).ToBeVisibleAsync(new() { Timeout = 15000 });
        await check(page, name);
    }

    private async Task<string> SendAsync(string to, int count)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(app.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        string? first = null;
        for (var i = 0; i < count; i++)
        {
            var reply = await smtp.SendMessageAsync("alice@sender.example", [to], $"From: Alice <alice@sender.example>\r\nSubject: Quarterly report {i}\r\n\r\nbody {i}");
            Assert.StartsWith("250", reply);
            first ??= QueueReading.QueueId(reply);
        }
        return first!;
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
