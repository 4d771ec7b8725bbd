using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>The customer's page in Chromium: live progress with real delivery, failed-login username, log out.</summary>
[Collection(nameof(E2ECollection))]
public sealed class CustomerPageTests : BrowserTest
{
    [Fact]
    public async Task LogOut_EndsTheSession_AndShowsTheLoginForm()
    {
        var page = new MailServerPage(await (await Browser.NewContextAsync()).NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();

        await page.LogOutAsync();

        await Assertions.Expect(page.LoginForm).ToBeVisibleAsync();
        await page.OpenAsync();
        await Assertions.Expect(page.LoginForm).ToBeVisibleAsync();
        await Assertions.Expect(page.Status).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task FailedLogin_KeepsTheUsername_AndAnnouncesTheError()
    {
        var page = new MailServerPage(await (await Browser.NewContextAsync()).NewPageAsync(), App.BaseUrl, "xyz");

        await page.LoginAsync("xyzadmin", "wrong-password");

        await Assertions.Expect(page.LoginError).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(page.Page.Locator("#username")).ToHaveValueAsync("xyzadmin");
    }

    [Fact]
    public async Task Progress_CountsMailArrivingDuringTheSession()
    {
        await SendAsync(40);
        var page = new MailServerPage(await (await Browser.NewContextAsync()).NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await Assertions.Expect(page.ProgressText).ToHaveTextAsync("40 of 40 delivered", new() { Timeout = 20000 });

        await SendAsync(10);

        await Assertions.Expect(page.ProgressText).ToHaveTextAsync("50 of 50 delivered", new() { Timeout = 20000 });
        await Assertions.Expect(page.WaitingRows).ToHaveCountAsync(0);
    }

    private async Task SendAsync(int count)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(App.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        for (var i = 0; i < count; i++)
        {
            Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], $"Subject: m{i}\r\n\r\nbody {i}"));
        }
    }
}
