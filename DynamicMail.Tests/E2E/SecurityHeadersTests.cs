using System.Net;
using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// Every page carries the security headers, and the pages still work under that policy in real Chromium: no
/// Content-Security-Policy violation is reported while a customer's session and the console run.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class SecurityHeadersTests : BrowserTest
{
    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what}: HSTS over plain HTTP");
    }

    [Fact]
    public async Task LoginPages_CustomerPage_AndConsole_CarryTheHeaders()
    {
        using var customer = FormLogin.NewClient(App.BaseUrl);
        using var operatorClient = FormLogin.NewClient(App.BaseUrl);
        var ct = TestContext.Current.CancellationToken;
        using (var loginPage = await customer.GetAsync("/mailserver/xyz", ct)) { AssertSecurityHeaders(loginPage, "customer login"); }
        using (var adminLogin = await operatorClient.GetAsync("/admin/login", ct)) { AssertSecurityHeaders(adminLogin, "operator login"); }
        using (var posted = await FormLogin.CustomerAsync(customer, "xyz", "xyzadmin", "xyz-password")) { AssertSecurityHeaders(posted, "login POST"); }
        using (var opPosted = await FormLogin.OperatorAsync(operatorClient, EngineHost.OperatorName, EngineHost.OperatorPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, opPosted.StatusCode);
            var cookie = opPosted.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dm.session=", StringComparison.Ordinal));
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }

        using var session = await customer.GetAsync("/mailserver/xyz", ct);
        using var admin = await operatorClient.GetAsync("/admin", ct);
        using var forbidden = await customer.GetAsync("/admin", ct);

        AssertSecurityHeaders(session, "customer session page");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        AssertSecurityHeaders(admin, "/admin");
        AssertSecurityHeaders(forbidden, "403 for a customer on /admin");
    }

    [Fact]
    public async Task PagesWork_WithoutAnyPolicyViolation_InChromium()
    {
        var context = await Browser.NewContextAsync();
        var violations = new List<string>();
        context.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) { lock (violations) { violations.Add(m.Text); } } };
        var customer = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await customer.LoginAsync("xyzadmin", "xyz-password");
        await customer.WaitForSessionAsync();
        var page = await context.NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var dashboard = new DashboardPage(page, App.BaseUrl);

        await dashboard.OpenAsync();
        await Assertions.Expect(dashboard.PresenceOf("xyz.com")).ToContainTextAsync("Online", new() { Timeout = 15000 });
        await new DomainsPage(page, App.BaseUrl).OpenAsync();
        await page.GetByTestId("new-domain").ClickAsync();
        await Assertions.Expect(page.GetByTestId("domain-form")).ToBeVisibleAsync();

        lock (violations)
        {
            Assert.Empty(violations);
        }
    }

    [Fact]
    public async Task Hsts_OnlyOverHttps_FromAKnownProxy()
    {
        using var dir = new TempDirectory();
        await using var app = new WebAppHost(dir.Path, Sink.Port, new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "127.0.0.1" });
        using var client = FormLogin.NewClient(app.BaseUrl);
        using var https = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
        https.Headers.Add("X-Forwarded-Proto", "https");

        using var overHttps = await client.SendAsync(https, TestContext.Current.CancellationToken);
        using var overHttp = await client.GetAsync("/admin/login", TestContext.Current.CancellationToken);

        Assert.Equal(["max-age=31536000"], overHttps.Headers.GetValues("Strict-Transport-Security"));
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));
    }
}
