using System.Text.RegularExpressions;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The Blazor circuit checks the cookie again when it starts and whenever the domain changes: a session taken back
/// between the page load and the circuit, or while the page is live, delivers nothing.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed partial class CircuitRevocationTests : BrowserTest
{
    private PresenceRegistry Presence => App.Services.GetRequiredService<PresenceRegistry>();

    [GeneratedRegex("/_blazor/negotiate")]
    private static partial Regex Negotiate();

    private static async Task<string> CookieHeaderAsync(IBrowserContext context) =>
        string.Join("; ", (await context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

    [Theory]
    [InlineData("logout")]
    [InlineData("password")]
    [InlineData("recreate")]
    public async Task CircuitStartedAfterTheSessionWasTakenBack_IsRefused(string how)
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        var revoked = 0;
        // The page was served to a valid cookie; the circuit's connection is held until the session is taken back.
        await page.Page.RouteAsync(Negotiate(), async route =>
        {
            if (Interlocked.Exchange(ref revoked, 1) == 0)
            {
                await Revoke.SessionsOfXyzAsync(how, App, await CookieHeaderAsync(context));
            }
            await route.ContinueAsync();
        });

        await page.LoginAsync("xyzadmin", "xyz-password");

        await Assertions.Expect(page.Page.GetByTestId("session-refused")).ToBeVisibleAsync(new() { Timeout = 15000 });
        Assert.Null(Presence.Of("xyz.com"));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("everywhere")]
    [InlineData("disable")]
    public async Task LiveSession_EndsWhenItIsTakenBack(string how)
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();
        Assert.NotNull(Presence.Of("xyz.com"));

        await Revoke.SessionsOfXyzAsync(how, App, await CookieHeaderAsync(context));

        await Assertions.Expect(page.Page.GetByTestId("session-refused")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Wait.Until(() => Presence.Of("xyz.com") is null, "presence of the revoked session gone");
    }

    [Fact]
    public async Task LogoutButton_EndsTheSession_AndShowsTheLoginForm()
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();

        await page.Page.GetByTestId("customer-logout").ClickAsync();

        await Assertions.Expect(page.LoginForm).ToBeVisibleAsync();
        await Wait.Until(() => Presence.Of("xyz.com") is null, "presence gone after logout");
    }
}
