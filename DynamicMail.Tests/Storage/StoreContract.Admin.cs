using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>Operator actions on the queue: each change and its audit entry commit together, or neither does.</summary>
public abstract partial class StoreContract
{
    private AuditEntry Entry(QueuedMessage m, string action) => new(Now, "op", action, m.Id, m.Subject);

    [Fact]
    public async Task Edit_StoresTheChangeWithItsAuditEntry_AndItsNewSchedule()
    {
        var m = await EnqueueAsync();

        var edit = await AdminStore.EditAsync(m.Id, x => MessageActions.Hold(x, "held by op"), x => Entry(x, "message.held"));

        Assert.Null(edit.Refusal);
        var held = await Queue.FindAsync(m.Id, Ct);
        Assert.Equal(RecipientState.Held, Assert.Single(held!.Recipients).State);
        Assert.Null(held.NextAttemptAt);
        Assert.Empty(await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5)));
        var entry = Assert.Single(await Audit.RecentAsync(10, null, Ct));
        Assert.Equal(("message.held", m.Id), (entry.Action, entry.Target));
    }

    [Fact]
    public async Task Edit_Refused_WritesNeitherTheChangeNorAnAuditEntry()
    {
        var m = await EnqueueAsync();

        var edit = await AdminStore.EditAsync(m.Id, x => MessageActions.Release(x, Now), x => Entry(x, "message.released"));

        Assert.Equal("Nothing to release: this message is not held.", edit.Refusal);
        Assert.Empty(await Audit.RecentAsync(10, null, Ct));
        Assert.Equal(QueueEdit.NotFound, await AdminStore.EditAsync("nosuchid", _ => null, x => Entry(x, "message.held")));
    }

    [Fact]
    public async Task Delete_RemovesTheMessageAndItsBytes_WithItsAuditEntry_UnlessRefused()
    {
        var m = await EnqueueAsync();

        var refused = await AdminStore.DeleteAsync(m.Id, _ => "not now", x => Entry(x, "message.deleted"));
        Assert.Equal("not now", refused.Refusal);
        Assert.NotNull(await Queue.FindAsync(m.Id, Ct));

        var deleted = await AdminStore.DeleteAsync(m.Id, _ => null, x => Entry(x, "message.deleted"));

        Assert.Equal(m.Id, deleted.Message!.Id);
        Assert.Null(await Queue.FindAsync(m.Id, Ct));
        Assert.Equal(0, Queue.Summarize("xyz.com").Messages);
        Assert.Equal("message.deleted", Assert.Single(await Audit.RecentAsync(10, null, Ct)).Action);
    }

    [Fact]
    public async Task Browse_FiltersAndPages_OldestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await EnqueueAsync(i % 2 == 0 ? "xyz.com" : "abc.org", $"subject {i}")).Id);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await AdminStore.BrowseAsync(new QueueFilter(Domain: "xyz.com"), null, 2, Now, Ct);
        var second = await AdminStore.BrowseAsync(new QueueFilter(Domain: "xyz.com"), first.Next, 2, Now, Ct);
        var bySubject = await AdminStore.BrowseAsync(new QueueFilter(Subject: "subject 3"), null, 10, Now, Ct);
        var all = await AdminStore.BrowseAsync(new QueueFilter(), null, 10, Now, Ct);

        Assert.Equal([ids[0], ids[2]], first.Items.Select(m => m.Id));
        Assert.Equal([ids[4]], second.Items.Select(m => m.Id));
        Assert.Null(second.Next);
        Assert.Equal([ids[3]], bySubject.Items.Select(m => m.Id));
        Assert.Equal(ids, all.Items.Select(m => m.Id));
    }

    [Fact]
    public async Task Browse_AppliesTheSearchBounds_OnArrivalAndSize()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await EnqueueAsync("xyz.com", $"subject {i}", new byte[100 + (i * 1000)])).Id);
            Time.Advance(TimeSpan.FromMinutes(10));
        }
        var second = (await Queue.FindAsync(ids[1], Ct))!;

        var after = await AdminStore.BrowseAsync(new QueueFilter { ArrivedAfter = second.ArrivedAt }, null, 10, Now, Ct);
        var before = await AdminStore.BrowseAsync(new QueueFilter { ArrivedBefore = second.ArrivedAt }, null, 10, Now, Ct);
        var larger = await AdminStore.BrowseAsync(new QueueFilter { LargerThan = second.Size }, null, 10, Now, Ct);
        var smaller = await AdminStore.BrowseAsync(new QueueFilter(Domain: "xyz.com") { SmallerThan = second.Size }, null, 10, Now, Ct);

        Assert.Equal(ids[2..], after.Items.Select(m => m.Id));
        Assert.Equal([ids[0]], before.Items.Select(m => m.Id));
        Assert.Equal(ids[2..], larger.Items.Select(m => m.Id));
        Assert.Equal([ids[0]], smaller.Items.Select(m => m.Id));
    }
}
