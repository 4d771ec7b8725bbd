using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The browser tests: one after the other, after the parallel collections (they share one Chromium and are
/// timing-sensitive; run beside the other collections, a two-node login timed out once under that load).
/// </summary>
[CollectionDefinition(nameof(E2ECollection), DisableParallelization = true)]
public sealed class E2ECollection;

/// <summary>
/// Tests that freeze the shared Chromium (SIGSTOP): alone, after every other collection, so no other test's browser
/// stops with it.
/// </summary>
[CollectionDefinition(nameof(FrozenBrowserCollection), DisableParallelization = true)]
public sealed class FrozenBrowserCollection;

/// <summary>The customer's page in real Chromium drives delivery to a real SMTP sink.</summary>
[Collection(nameof(E2ECollection))]
public sealed class CustomerSessionTests : BrowserTest
{
    private PresenceRegistry Presence => App.Services.GetRequiredService<PresenceRegistry>();

    private DomainStatusBoard Board => App.Services.GetRequiredService<DomainStatusBoard>();

    private async Task AssertNothingIsBeingDeliveredAsync(int queued)
    {
        Assert.Null(Presence.Of("xyz.com"));
        Assert.Equal(DeliveryState.Offline, Board.Get("xyz.com").State);
        var waiting = await App.Services.GetRequiredService<IMailQueue>().ListDomainAsync("xyz.com", 0, 100, TestContext.Current.CancellationToken);
        Assert.Equal(queued, waiting.Count(m => m.Recipients.All(r => r.State == RecipientState.Queued)));
    }

    private async Task SendAsync(int count, string to = "bob@xyz.com")
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(App.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        for (var i = 0; i < count; i++)
        {
            Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", [to], $"Subject: m{i}\r\n\r\nbody {i}"));
        }
    }

    [Fact]
    public async Task QueueFlowsOnlyWhileThePageIsOpen()
    {
        await SendAsync(20);
        // Delivery runs only in an agent the coordinator starts for a present domain; every 250 is in, so the engine
        // has seen all 20: no presence, the board offline and every recipient still queued (none claimed) is its decision.
        await AssertNothingIsBeingDeliveredAsync(20);
        Assert.Empty(Sink.Messages);

        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await Sink.WaitForRecipientsAsync(20, TimeSpan.FromSeconds(20));
        await Assertions.Expect(page.Delivered).ToHaveTextAsync("20", new() { Timeout = 5000 });

        await page.Page.CloseAsync();
        await Wait.Until(() => Presence.Of("xyz.com") is null, "presence gone when the page closed");
        // The coordinator marks the domain offline only once its delivery agent has stopped.
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Offline, "delivery stopped when the page closed");
        await SendAsync(5);
        await AssertNothingIsBeingDeliveredAsync(5);
        Assert.Equal(20, Sink.DeliveredRecipients.Count());

        var again = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await again.OpenAsync();
        await again.WaitForSessionAsync();
        await Sink.WaitForRecipientsAsync(25, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task WrongPassword_ShowsTheSameClearMessage()
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");

        await page.LoginAsync("xyzadmin", "wrong");
        await Assertions.Expect(page.LoginError).ToHaveTextAsync("Unknown domain, username or password.");

        var unknown = new MailServerPage(page.Page, App.BaseUrl, "nosuchdomain");
        await unknown.LoginAsync("xyzadmin", "xyz-password");
        await Assertions.Expect(unknown.LoginError).ToHaveTextAsync("Unknown domain, username or password.");
        Assert.Null(Presence.Of("xyz.com"));
    }

    [Fact]
    public async Task TwoTabs_CountAsOnePresence_UntilTheLastCloses()
    {
        var context = await Browser.NewContextAsync();
        var first = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await first.LoginAsync("xyzadmin", "xyz-password");
        await first.WaitForSessionAsync();
        var second = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz.com");
        await second.OpenAsync();
        await second.WaitForSessionAsync();

        await first.Page.CloseAsync();
        // The registry lets go of the closed tab's session; the domain stays present through the other one.
        await Wait.Until(() => Presence.Sessions("xyz.com") == 1, "the closed tab's session let go");
        Assert.NotNull(Presence.Of("xyz.com"));
        await SendAsync(1);
        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));

        await second.Page.CloseAsync();
        await Wait.Until(() => Presence.Of("xyz.com") is null, "presence gone");
    }

    [Fact]
    public async Task CustomerA_CannotOpenCustomerBsSession()
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();

        var other = new MailServerPage(page.Page, App.BaseUrl, "abc");
        await other.OpenAsync();

        await Assertions.Expect(other.LoginForm).ToBeVisibleAsync();
        // The login form is a static page with no session component in it, so nothing on it can register abc.org;
        // the page has settled once xyz's session page, left behind, has let go too.
        await Assertions.Expect(other.Status).ToHaveCountAsync(0);
        await Wait.Until(() => Presence.Sessions("xyz.com") == 0, "the left session page let go");
        Assert.Null(Presence.Of("abc.org"));
        Assert.Equal(0, Presence.Sessions("abc.org"));
    }

    [Fact]
    public async Task DisconnectButton_StopsDelivery()
    {
        var context = await Browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();

        await page.DisconnectAsync();

        await Wait.Until(() => Presence.Of("xyz.com") is null, "presence gone");
        await Assertions.Expect(page.Status).ToHaveAttributeAsync("data-state", "Disconnected");
    }
}
