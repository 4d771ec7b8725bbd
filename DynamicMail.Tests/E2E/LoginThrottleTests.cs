using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Password guessing from one address is cut off after ten failures, for customers and operators alike.</summary>
[Collection(nameof(E2ECollection))]
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebAppHost _app = null!;
    private Browser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, deliveryPort: 25);
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task TenFailedLogins_BlockEvenTheRightPassword_WithAClearMessage()
    {
        var context = await _browser.NewContextAsync();
        var customer = new MailServerPage(await context.NewPageAsync(), _app.BaseUrl, "xyz");
        for (var i = 0; i < 10; i++)
        {
            await customer.LoginAsync("xyzadmin", $"guess-{i}");
            await Assertions.Expect(customer.LoginError).ToHaveTextAsync("Unknown domain, username or password.");
        }

        await customer.LoginAsync("xyzadmin", "xyz-password");

        await Assertions.Expect(customer.LoginError).ToContainTextAsync("Too many failed logins");
        await Assertions.Expect(customer.Status).ToHaveCountAsync(0);
        var admin = new AdminLoginPage(await context.NewPageAsync(), _app.BaseUrl);
        await admin.LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Assertions.Expect(admin.Error).ToContainTextAsync("Too many failed logins");
    }
}
