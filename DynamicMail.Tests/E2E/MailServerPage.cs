using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for /mailserver/{slug}: the login form and the live session.</summary>
public sealed class MailServerPage(IPage page, string baseUrl, string slug)
{
    public IPage Page => page;

    public async Task OpenAsync() => await page.GotoAsync($"{baseUrl.TrimEnd('/')}/mailserver/{slug}");

    public async Task LoginAsync(string username, string password)
    {
        await OpenAsync();
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    public ILocator Status => page.GetByTestId("status");
    public ILocator Delivered => page.GetByTestId("delivered");
    public ILocator LoginError => page.GetByTestId("login-error");
    public ILocator LoginForm => page.GetByTestId("login-form");
    public ILocator ProgressText => page.GetByTestId("progress-text");
    public ILocator WaitingRows => page.GetByTestId("waiting-row");
    public ILocator NextSteps => page.GetByTestId("next-steps");

    public async Task LogOutAsync() => await page.GetByTestId("customer-logout").ClickAsync();

    public async Task WaitForSessionAsync() =>
        await Assertions.Expect(Status).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("Waiting|Delivering"), new() { Timeout = 15000 });

    public async Task DisconnectAsync() => await page.GetByTestId("disconnect").ClickAsync();
}
