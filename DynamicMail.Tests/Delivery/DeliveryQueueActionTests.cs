using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #22, findings 2 and 3: an operator's delete never races a delivery (a message in a live attempt is not
/// deleted, and the console says so); a message whose body is gone or unreadable is set aside, never the batch.
/// </summary>
public sealed class DeliveryQueueActionTests : HostileDeliveryTest
{
    private readonly TaskCompletionSource _inFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One connection, so a batch of several is claimed while the first of them is in flight.
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?> { ["DynamicMail:Delivery:ConnectionsPerDomain"] = "1" };

    private IQueueAdmin Admin => Engine.Services.GetRequiredService<IQueueAdmin>();

    /// <summary>The server holds its reply to the final dot of the message "gated" until the test lets it go.</summary>
    private void GateTheFirstMessage() => Sink.AfterDot = async (content, _, ct) =>
    {
        if (content.Contains("Subject: gated", StringComparison.Ordinal))
        {
            _inFlight.TrySetResult();
            await _answer.Task.WaitAsync(ct);
        }
        return true;
    };

    [Fact]
    public async Task DeletingTheMessageInFlight_IsRefused_AndItIsDeliveredOnce()
    {
        GateTheFirstMessage();
        var id = await QueueAsync("alice@sender.example", "gated", "bob@xyz.com");
        GoOnline();
        await _inFlight.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var refused = await Admin.DeleteAsync(id, "operator");
        _answer.SetResult();

        Assert.False(refused.Done);
        Assert.Contains("being delivered right now", refused.Message, StringComparison.Ordinal);
        await Wait.Until(() => IsGone(id), "delivered after the refused delete");
        Assert.Equal(1, Sink.CountContaining($"id {id}"));
        Assert.Contains("no longer queued", (await Admin.DeleteAsync(id, "operator")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingAClaimedMessage_IsRefused_ThenDeletedAfterItsAttempt()
    {
        GateTheFirstMessage();
        await QueueAsync("alice@sender.example", "gated", "bob@xyz.com");
        var ids = await QueueManyAsync(7);
        GoOnline();
        await _inFlight.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(RecipientState.Delivering, Engine.Queue.Find(ids[0])!.Recipients.Single().State);

        var refused = await Admin.DeleteAsync(ids[0], "operator");
        _answer.SetResult();

        Assert.False(refused.Done);
        Assert.Contains("being delivered right now", refused.Message, StringComparison.Ordinal);
        await Sink.WaitForRecipientsAsync(8, TimeSpan.FromSeconds(15));
        await Wait.Until(() => ids.All(IsGone), "every message delivered, none stranded");
        Assert.Equal(1, Sink.CountContaining($"id {ids[0]}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MessageWhoseBodyIsGoneOrUnreadable_IsSetAside_AndTheRestIsDelivered(bool unreadable)
    {
        var ids = await QueueManyAsync(4);
        var store = Engine.Services.GetRequiredService<LiteDbStore>();
        await store.WriteAsync(db =>
        {
            MessageBodyStore.DeleteInline(db, ids[0]);
            if (unreadable)
            {
                MessageBodyStore.InsertInline(db, ids[0], []);
            }
        }, durable: true);
        GoOnline();

        await Sink.WaitForRecipientsAsync(3, TimeSpan.FromSeconds(15));
        await Wait.Until(() => ids.Skip(1).All(IsGone), "the other three delivered");
        await Wait.Until(() => Engine.Queue.Find(ids[0])?.Recipients.Single().State == RecipientState.Held, "set aside (held)");
        var held = Engine.Queue.Find(ids[0])!.Recipients.Single();
        Assert.StartsWith("Set aside after 3 failed attempts: ", held.HeldReason, StringComparison.Ordinal);
        Assert.Equal("Held", MessageSummary.Of(Engine.Queue.Find(ids[0])!));
        Assert.NotEqual(Smtp.Delivery.DeliveryState.Paused, Board.Get("xyz.com").State);
    }
}
