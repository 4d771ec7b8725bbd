using System.Net;
using System.Text.RegularExpressions;
using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Password guessing from one address is cut off after ten failures, for customers and operators alike.</summary>
[Collection(nameof(E2ECollection))]
public sealed partial class LoginThrottleTests : BrowserTest
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task HundredParallelWrongLogins_FromOneAddress_GetExactlyTenPasswordChecks()
    {
        using var client = FormLogin.NewClient(App.BaseUrl);
        var html = await client.GetStringAsync("/mailserver/xyz", TestContext.Current.CancellationToken);
        var token = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                // Another username each time: the per-account throttle (five) must not be what stops them.
                ["username"] = $"user-{i}",
                ["password"] = $"guess-{i}",
            });
            using var response = await client.PostAsync("/mailserver/xyz/login", form, TestContext.Current.CancellationToken);
            return response.Headers.Location?.ToString() ?? $"status {(int)response.StatusCode}";
        }));

        // error=1: the password was checked and wrong; error=2: refused before any check.
        Assert.Equal(10, outcomes.Count(o => o.Contains("?error=1", StringComparison.Ordinal)));
        Assert.Equal(90, outcomes.Count(o => o.Contains("?error=2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TenFailedLogins_BlockEvenTheRightPassword_WithAClearMessage()
    {
        var context = await Browser.NewContextAsync();
        var customer = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        for (var i = 0; i < 10; i++)
        {
            await customer.LoginAsync($"user-{i}", $"guess-{i}");
            await Assertions.Expect(customer.LoginError).ToHaveTextAsync("Unknown domain, username or password.");
        }

        await customer.LoginAsync("xyzadmin", "xyz-password");

        await Assertions.Expect(customer.LoginError).ToContainTextAsync("Too many failed logins");
        await Assertions.Expect(customer.Status).ToHaveCountAsync(0);
        var admin = new AdminLoginPage(await context.NewPageAsync(), App.BaseUrl);
        await admin.LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Assertions.Expect(admin.Error).ToContainTextAsync("Too many failed logins");
    }
}
