using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>Bulk actions (#20): matching by every filter field, and one write changing or removing many messages.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task BulkMatch_AppliesEveryFilterField_OldestFirst()
    {
        var small = await EnqueueAsync("xyz.com", "small one");
        Time.Advance(TimeSpan.FromHours(2));
        var large = await EnqueueAsync("xyz.com", "large one", new byte[5000], "carol@xyz.com");
        var other = await EnqueueAsync("abc.org", "other");

        Assert.Equal([small.Id, large.Id], await BulkStore.MatchAsync(new QueueFilter(Domain: "xyz.com"), Now, 100, Ct));
        Assert.Equal([large.Id], await BulkStore.MatchAsync(new QueueFilter { LargerThan = 1000 }, Now, 100, Ct));
        Assert.Equal([small.Id, other.Id], await BulkStore.MatchAsync(new QueueFilter { SmallerThan = 1000 }, Now, 100, Ct));
        Assert.Equal([small.Id], await BulkStore.MatchAsync(new QueueFilter { ArrivedBefore = Now.AddHours(-1) }, Now, 100, Ct));
        Assert.Equal([large.Id, other.Id], await BulkStore.MatchAsync(new QueueFilter { ArrivedAfter = Now.AddHours(-1) }, Now, 100, Ct));
        Assert.Equal([large.Id], await BulkStore.MatchAsync(new QueueFilter(Recipient: "CAROL@"), Now, 100, Ct));
        Assert.Equal([small.Id], await BulkStore.MatchAsync(new QueueFilter(Domain: "xyz.com"), Now, 1, Ct));
        Assert.Equal(3, await BulkStore.CountAsync(new QueueFilter(Sender: "alice@"), Now, Ct));
        Assert.Equal(0, await BulkStore.CountAsync(new QueueFilter(State: RecipientState.Held), Now, Ct));
    }

    [Fact]
    public async Task BulkEditAndDelete_ChangeOnlyWhatTheCallerAccepts_AndSkipMissingIds()
    {
        var a = await EnqueueAsync("xyz.com", "a");
        var b = await EnqueueAsync("xyz.com", "b");
        var c = await EnqueueAsync("xyz.com", "c");

        var held = await BulkStore.EditManyAsync([a.Id, "nosuchid", b.Id], m => MessageActions.Hold(m, "bulk") is null);
        var again = await BulkStore.EditManyAsync([a.Id], m => MessageActions.Hold(m, "bulk") is null);

        Assert.Equal([a.Id, b.Id], held.Select(m => m.Id));
        Assert.Empty(again);
        Assert.Equal(RecipientState.Held, (await Queue.FindAsync(a.Id, Ct))!.Recipients[0].State);
        Assert.Null((await Queue.FindAsync(b.Id, Ct))!.NextAttemptAt);
        Assert.Equal([c.Id], (await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5))).Select(m => m.Id));

        var deleted = await BulkStore.DeleteManyAsync([a.Id, b.Id, "nosuchid"], m => m.Id != b.Id);

        Assert.Equal([a.Id], deleted.Select(m => m.Id));
        Assert.Null(await Queue.FindAsync(a.Id, Ct));
        Assert.NotNull(await Queue.FindAsync(b.Id, Ct));
        Assert.Equal(2, Queue.Summarize("xyz.com").Messages);
    }
}
