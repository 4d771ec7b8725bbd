using DynamicMail.Smtp.Delivery;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #22, finding 10: closing the page lets the transaction in flight finish and records it, so a well-behaved
/// server never gets a message twice, however often the page closes in the middle of a flush.
/// </summary>
public sealed class PageCloseTests : HostileDeliveryTest
{
    [Fact]
    public async Task TwentyPageClosesDuringAFlush_DeliverEveryMessageExactlyOnce()
    {
        Sink.DataDelay = TimeSpan.FromMilliseconds(20);
        var ids = await QueueManyAsync(150);

        for (var cycle = 0; cycle < 20; cycle++)
        {
            var before = Sink.Messages.Count;
            GoOnline();
            await Wait.Until(() => Sink.Messages.Count >= before + 3, $"delivery under way in cycle {cycle}");
            GoOffline();
            await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Offline, $"offline in cycle {cycle}");
        }
        GoOnline();
        await Wait.Until(() => ids.All(IsGone), "every message delivered", 60000);

        var twice = ids.Where(id => Sink.CountContaining($"id {id}") != 1).ToList();
        Assert.Empty(twice);
        Assert.Equal(150, Sink.Messages.Count);
    }
}
