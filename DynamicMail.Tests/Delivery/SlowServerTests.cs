using DynamicMail.Smtp.Delivery;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #22, finding 9: a server that answers one message at a byte a second holds one connection, not the batch:
/// with few messages queued each connection claims few, so the other connection delivers the rest, and the page
/// keeps saying "delivering" while one transaction is still in flight.
/// </summary>
public sealed class SlowServerTests : HostileDeliveryTest
{
    [Fact]
    public async Task TricklingReply_TheOtherConnectionDeliversTheRest_AndThePageSaysDelivering()
    {
        var trickling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Sink.AfterDot = (content, stream, ct) =>
        {
            if (!content.Contains("Subject: slow", StringComparison.Ordinal))
            {
                return Task.FromResult(true);
            }
            trickling.TrySetResult();
            return Sink.TrickleAsync(stream, TimeSpan.FromSeconds(1), ct);
        };
        var slow = await QueueAsync("alice@sender.example", "slow", "bob@xyz.com");
        var rest = await QueueManyAsync(5);

        GoOnline();
        await trickling.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Sink.WaitForRecipientsAsync(5, TimeSpan.FromSeconds(15));
        await Wait.Until(() => rest.All(IsGone), "the other five delivered");

        // Once the other connection is idle, the page shows the transaction still in flight, not "waiting for mail".
        await Wait.Until(() => Board.Get("xyz.com").CurrentMessage?.Contains(slow, StringComparison.Ordinal) == true, "the slow message shown");
        Assert.Equal(DeliveryState.Delivering, Board.Get("xyz.com").State);
        Assert.Equal(Smtp.Queue.RecipientState.Delivering, Engine.Queue.Find(slow)!.Recipients.Single().State);
    }
}
