using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Password guessing from one address is cut off after ten failures, for customers and operators alike.</summary>
[Collection(nameof(E2ECollection))]
public sealed class LoginThrottleTests : BrowserTest
{
    [Fact]
    public async Task TenFailedLogins_BlockEvenTheRightPassword_WithAClearMessage()
    {
        var context = await Browser.NewContextAsync();
        var customer = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        for (var i = 0; i < 10; i++)
        {
            await customer.LoginAsync("xyzadmin", $"guess-{i}");
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
