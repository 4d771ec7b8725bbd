using Bunit;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;

namespace DynamicMail.Tests.Components;

/// <summary>
/// The customer page's progress, waiting list, in-flight messages and session history, driven through the real queue.
/// </summary>
public sealed class CustomerProgressTests : MailSessionContext
{
    private static readonly DeliveryTarget Target = new("203.0.113.5", 25);

    [Fact]
    public async Task Progress_FollowsMailArrivingDuringTheSession_To50Of50()
    {
        await QueueAsync(40);
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", Target);
        cut.WaitForAssertion(() => Assert.Equal("0 of 40 delivered", Text(cut, "progress-text")));

        Assert.Equal(25, await DeliverAsync(25));
        cut.WaitForAssertion(() => Assert.Equal("25 of 40 delivered", Text(cut, "progress-text")));

        await QueueAsync(10, "Late");
        cut.WaitForAssertion(() => Assert.Equal("25 of 50 delivered", Text(cut, "progress-text")));

        Assert.Equal(15, await DeliverAsync(15));
        cut.WaitForAssertion(() => Assert.Equal("40 of 50 delivered", Text(cut, "progress-text")));
        Assert.Equal(10, await DeliverAsync(50));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("50 of 50 delivered", Text(cut, "progress-text"));
            Assert.Equal("100", cut.Find("[data-testid=progress-bar]").GetAttribute("aria-valuenow"));
            Assert.Contains("all delivered", Text(cut, "progress-rate"));
        });
    }

    [Fact]
    public void SessionHistory_ShowsTheCurrentSessionFirst_ThenAnEarlierOne_WithItsAddressAndDeliveries()
    {
        Presence.Register("earlier-tab", "xyz.com", System.Net.IPAddress.Parse("198.51.100.20"));
        foreach (var id in new[] { "m1", "m2" })
        {
            // As the delivery worker reports each recipient the customer's server accepted.
            Events.Publish(new RecipientDelivered("xyz.com", DateTime.UtcNow, id, "alice@sender.example", "bob@xyz.com", 100, "250 ok"));
        }
        Presence.Unregister("earlier-tab");

        var cut = RenderFor("xyz.com");

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=history-row]");
            Assert.Equal(2, rows.Count);
            var current = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
            Assert.Equal("now", current[1]);
            Assert.Equal("0", current[3]);
            var earlier = rows[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
            Assert.NotEqual("now", earlier[1]);
            Assert.Equal("198.51.100.20", earlier[2]);
            Assert.Equal("2", earlier[3]);
            Assert.Equal("0", earlier[4]);
        });
    }

    [Fact]
    public async Task WaitingList_ShowsEachQueuedMessage_WithItsReturnDate()
    {
        await QueueAsync(3, "Quarterly report");

        var cut = RenderFor("xyz.com");

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=waiting-row]");
            Assert.Equal(3, rows.Count);
            Assert.Contains("Quarterly report 0", rows[0].TextContent);
            Assert.Contains("alice@sender.example", rows[0].TextContent);
            // Five days after arrival (default MaxLifetime), in the browser's zone (UTC in bUnit).
            var expected = DateTime.UtcNow.AddDays(5).ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith(expected, cut.FindAll("[data-testid=return-at]")[0].TextContent);
        });
    }

    [Fact]
    public void WaitingList_WhenEmpty_SaysSo()
    {
        var cut = RenderFor("xyz.com");

        Assert.Contains("No mail is waiting", Text(cut, "waiting-empty"));
    }

    [Fact]
    public async Task Status_NeverSaysWaiting_WhileDeliverableMailIsQueued()
    {
        await QueueAsync(10);
        var cut = RenderFor("xyz.com");

        Board.SessionStarted("xyz.com", Target);

        cut.WaitForAssertion(() =>
        {
            var status = Text(cut, "status");
            Assert.DoesNotContain("waiting", status, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("starting delivery of 10 messages", status);
        });
    }

    [Fact]
    public async Task SendingNow_ListsEveryMessageInFlight_WithSubject()
    {
        await QueueAsync(2, "Contract");
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", Target);
        var claimed = await Queue.ClaimAsync("xyz.com", "w", 2, TimeSpan.FromMinutes(5));

        var events = Services.GetService<DynamicMail.Smtp.Events.IMailEvents>()!;
        foreach (var m in claimed)
        {
            events.Publish(new DynamicMail.Smtp.Events.MessageDelivering("xyz.com", DateTime.UtcNow, m.Id, m.Sender, m.Size));
            Board.Delivering("xyz.com", m.Id, m.Sender, m.Size, Smtp.Delivery.TlsState.None, worker: m.Id);
        }

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=sending-row]");
            Assert.Equal(2, rows.Count);
            Assert.Contains("Contract 0", rows[0].TextContent);
            Assert.Contains("Contract 1", rows[1].TextContent);
        });
    }

    private static string Text(Bunit.IRenderedComponent<DynamicMail.Web.Components.Customers.MailSession> cut, string id) =>
        cut.Find($"[data-testid={id}]").TextContent.Trim();
}
