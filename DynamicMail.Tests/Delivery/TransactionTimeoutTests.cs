using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Delivery;

/// <summary>Issue #22, findings 6 and 9: a transaction is bounded in total time, not only per read.</summary>
public sealed class TransactionTimeoutTests : HostileDeliveryTest
{
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["DynamicMail:Delivery:TransactionTimeout"] = "00:00:01",
        ["DynamicMail:Delivery:ConnectionsPerDomain"] = "1",
    };

    [Fact]
    public async Task ReplyThatNeverEnds_EndsTheTransactionAtItsTimeout_AndTheMessageIsRetriedLater()
    {
        // A byte every 100 ms: every read is answered well within CommandTimeout, and the line stays short for minutes.
        Sink.AfterDot = (content, stream, ct) => content.Contains("Subject: slow", StringComparison.Ordinal)
            ? Sink.TrickleAsync(stream, TimeSpan.FromMilliseconds(100), ct)
            : Task.FromResult(true);
        var slow = await QueueAsync("alice@sender.example", "slow", "bob@xyz.com");
        var rest = await QueueManyAsync(2);

        GoOnline();

        await Wait.Until(() => Engine.Queue.Find(slow)?.Recipients.Single() is { State: RecipientState.Queued, Attempts: 1 }, "the cut-off attempt recorded");
        Assert.Contains("did not complete the transaction", Engine.Queue.Find(slow)!.Recipients.Single().LastReply, StringComparison.Ordinal);
        await Wait.Until(() => rest.All(IsGone), "the others delivered on a new connection");
    }
}
