using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace DynamicMail.Tests.E2E;

/// <summary>An operator's own account in Chromium: enrolling a second factor, logging in with it, changing the password.</summary>
[Collection(nameof(E2ECollection))]
public sealed class OperatorAccountTests : BrowserTest
{
    private async Task<IPage> LoggedInOnAccessPageAsync()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await new AccessPage(page, App.BaseUrl).OpenAsync();
        return page;
    }

    private static string CodeFor(string key, TimeSpan offset = default) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow + offset);

    [Fact]
    public async Task Totp_EnrolledFromTheConsole_ThenTheLoginAsksForTheCode()
    {
        var page = await LoggedInOnAccessPageAsync();
        await page.GetByTestId("totp-start").ClickAsync();
        var key = (await page.GetByTestId("totp-key").TextContentAsync())!.Trim();
        Assert.Contains($"secret={key}", await page.GetByTestId("totp-uri").TextContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Code from the app").FillAsync(CodeFor(key));
        await page.GetByTestId("totp-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("totp-on")).ToBeVisibleAsync();
        await page.GetByTestId("logout").ClickAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);

        await Assertions.Expect(page.GetByTestId("code-form")).ToBeVisibleAsync();
        var wrong = CodeFor(key, TimeSpan.FromMinutes(10));
        await page.FillAsync("#code", wrong == CodeFor(key) ? CodeFor(key, TimeSpan.FromMinutes(20)) : wrong);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByTestId("code-error")).ToHaveTextAsync("Wrong code.");
        await page.FillAsync("#code", CodeFor(key));
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.GetByTestId("domain-table")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    [Fact]
    public async Task Totp_AWrongCodeOnEnrolment_KeepsItOff()
    {
        var page = await LoggedInOnAccessPageAsync();
        await page.GetByTestId("totp-start").ClickAsync();

        await page.GetByLabel("Code from the app").FillAsync("12345");
        await page.GetByTestId("totp-confirm").ClickAsync();

        await Assertions.Expect(page.GetByTestId("totp-message")).ToContainTextAsync("does not match");
        await page.GetByTestId("logout").ClickAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Assertions.Expect(page.GetByTestId("domain-table")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    [Fact]
    public async Task ChangeOwnPassword_EndsTheSession_AndOnlyTheNewPasswordWorks()
    {
        var page = await LoggedInOnAccessPageAsync();

        await page.GetByLabel("Current password").FillAsync(EngineHost.OperatorPassword);
        await page.GetByLabel("New password (10+ characters)").FillAsync("a-brand-new-password");
        await page.GetByTestId("change-password").ClickAsync();

        await Assertions.Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();
        var login = new AdminLoginPage(page, App.BaseUrl);
        await login.LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Assertions.Expect(login.Error).ToHaveTextAsync("Unknown operator or wrong password.");
        await login.LoginAsync(EngineHost.OperatorName, "a-brand-new-password");
        await Assertions.Expect(page.GetByTestId("domain-table")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    [Fact]
    public async Task DisabledOperator_WithTheConsoleOpen_CanDoNothingMore()
    {
        var page = await LoggedInOnAccessPageAsync();
        var operators = App.Services.GetRequiredService<IOperatorDirectory>();
        Assert.True(await operators.TryAddAsync("second", "second-password", "test"));
        var disabled = await App.Services.GetRequiredService<IOperatorAccounts>().SetDisabledAsync(EngineHost.OperatorName, true, "second");
        Assert.Equal(OperatorChange.Done, disabled);

        await page.RunAndWaitForConsoleMessageAsync(async () =>
        {
            await page.GetByTestId("api-key-name").FillAsync("after disable");
            await page.GetByTestId("create-api-key").ClickAsync();
        }, new() { Predicate = m => m.Text.Contains("circuit will be terminated", StringComparison.Ordinal) });

        Assert.Empty(App.Services.GetRequiredService<IApiKeys>().All());
        // A fresh page with the same cookie (the terminated one may be reloading itself): the console asks for login.
        var fresh = await page.Context.NewPageAsync();
        await fresh.GotoAsync(App.BaseUrl.TrimEnd('/') + "/admin/access");
        Assert.Contains("/admin/login", fresh.Url, StringComparison.Ordinal);
    }
}
