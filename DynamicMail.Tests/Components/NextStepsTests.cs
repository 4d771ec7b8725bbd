using System.Globalization;
using Bunit;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Web.Components.Customers;
using DynamicMail.Web.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>What the customer page tells the customer to do in each failure state, with the reassurance and contact.</summary>
public sealed class NextStepsTests : MailSessionContext
{
    private static readonly DeliveryTarget Target = new("203.0.113.5", 25);

    /// <summary>The date mail queued now is kept until (default retention five days), as the page words it in UTC.</summary>
    private static string KeptUntilDay => DateTime.UtcNow.AddDays(5).ToString("ddd d MMM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Offline_WithQueuedMail_AsksToKeepThePageOpen_AndNamesTheKeepUntilDate()
    {
        await QueueAsync(3);
        // No page open: no session, the board offline, as the customer finds it on arrival.
        var view = await Services.GetRequiredService<SessionViewReader>().ReadAsync("xyz.com");

        var cut = Render<NextSteps>(p => p.Add(c => c.View, view).Add(c => c.Domain, "xyz.com"));

        var steps = cut.Find("[data-testid=next-steps]");
        Assert.Equal("Offline", steps.GetAttribute("data-kind"));
        Assert.Contains("Your mail is waiting for you.", steps.TextContent, StringComparison.Ordinal);
        Assert.Contains("Keep this page open", steps.TextContent, StringComparison.Ordinal);
        var reassurance = cut.Find("[data-testid=reassurance]").TextContent;
        Assert.Contains("3 messages stay queued", reassurance, StringComparison.Ordinal);
        Assert.Contains($"before {KeptUntilDay}", reassurance, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnected_WithQueuedMail_OffersToConnectAgain_AndNamesTheKeepUntilDate()
    {
        await QueueAsync(1);
        var cut = RenderFor("xyz.com");

        cut.Find("[data-testid=disconnect]").Click();

        cut.WaitForAssertion(() =>
        {
            var steps = cut.Find("[data-testid=next-steps]");
            Assert.Equal("Disconnected", steps.GetAttribute("data-kind"));
            Assert.Contains("because you disconnected", steps.TextContent, StringComparison.Ordinal);
            Assert.Contains("Connect again", steps.TextContent, StringComparison.Ordinal);
            var reassurance = cut.Find("[data-testid=reassurance]").TextContent;
            Assert.Contains("1 message stay queued", reassurance, StringComparison.Ordinal);
            Assert.Contains($"before {KeptUntilDay}", reassurance, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Disconnected_WithNothingQueued_ShowsNoSteps()
    {
        var cut = RenderFor("xyz.com");

        cut.Find("[data-testid=disconnect]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Disconnected", cut.Find("[data-testid=status]").GetAttribute("data-state")));
        Assert.Empty(cut.FindAll("[data-testid=next-steps]"));
    }

    [Fact]
    public async Task NotAnswering_AsksAboutTheServerAndThePort_AndSaysTheMailIsKept()
    {
        Support.Contact = "support@provider.example";
        await QueueAsync(2);
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", Target);

        Board.Fault("xyz.com", "Connection to 203.0.113.5:25 refused", refused: false, DateTime.UtcNow.AddSeconds(30));

        cut.WaitForAssertion(() =>
        {
            var steps = cut.Find("[data-testid=next-steps]");
            Assert.Equal("NotAnswering", steps.GetAttribute("data-kind"));
            Assert.Contains("mail server is running", steps.TextContent);
            Assert.Contains("forward port 25", steps.TextContent);
            Assert.Contains("Your mail is safe: 2 messages stay queued", cut.Find("[data-testid=reassurance]").TextContent);
            Assert.Contains("support@provider.example", cut.Find("[data-testid=support]").TextContent);
            Assert.Contains("Connection to 203.0.113.5:25 refused", cut.Find("[data-testid=failed-attempt]").TextContent);
        });
    }

    [Fact]
    public async Task Paused_AsksAboutMailboxesAndTheDomain_WithTheReply()
    {
        await QueueAsync(1);
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", Target);

        Board.Fault("xyz.com", "554 5.7.1 relay denied", refused: true, DateTime.UtcNow.AddSeconds(30));

        cut.WaitForAssertion(() =>
        {
            var steps = cut.Find("[data-testid=next-steps]");
            Assert.Equal("Paused", steps.GetAttribute("data-kind"));
            Assert.Contains("554 5.7.1 relay denied", steps.TextContent);
            Assert.Contains("accepts mail for xyz.com", steps.TextContent);
            Assert.Contains("mailboxes", steps.TextContent);
        });
    }

    [Fact]
    public void TargetRefused_ExplainsTheAddress_AndTheWayOut()
    {
        var cut = RenderFor("xyz.com");

        Board.TargetRefused("xyz.com", "Your browser connects from 10.0.0.5, a private or local address that cannot receive mail from the internet.");

        cut.WaitForAssertion(() =>
        {
            var steps = cut.Find("[data-testid=next-steps]");
            Assert.Equal("TargetRefused", steps.GetAttribute("data-kind"));
            Assert.Contains("10.0.0.5", steps.TextContent);
            Assert.Contains("delivery host", steps.TextContent);
        });
    }

    [Fact]
    public void WhenAllIsWell_ShowsNoSteps_AndNoContactWhenNoneIsSet()
    {
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", Target);

        cut.WaitForAssertion(() => Assert.Equal("Waiting", cut.Find("[data-testid=status]").GetAttribute("data-state")));
        Assert.Empty(cut.FindAll("[data-testid=next-steps]"));
        Assert.Empty(cut.FindAll("[data-testid=support]"));
    }
}
