using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Queue.Bulk;

/// <summary>Issue #20: bulk actions by filter on the real engine (LiteDB file, MX listener, scripted customer server and smart host).</summary>
public sealed class BulkActionTests : HostileDeliveryTest
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private IBulkActions Bulk => Engine.Services.GetRequiredService<IBulkActions>();
    private QueueSearch Search => Engine.Services.GetRequiredService<QueueSearch>();
    private IAuditLog Audit => Engine.Services.GetRequiredService<IAuditLog>();

    /// <summary>
    /// A cap of 50 messages per action (the delete below matches exactly 50, the refusal test 51) and 8 DSNs per
    /// sender domain and hour (the plain return sends exactly 8, the rate-limit test 12 from one domain).
    /// </summary>
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["DynamicMail:Queue:MaxBulkMatched"] = "50",
        ["DynamicMail:Bounces:MaxPerDomainPerHour"] = "8",
    };

    protected override void AddServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_time);

    private QueueFilter Filter(string search) => Search.Parse(search).Filter ?? throw new InvalidOperationException(search);

    private async Task<BulkJob> RunAsync(string search, BulkAction action)
    {
        var started = (await Bulk.StartAsync(Filter(search), search, action, "tester", TestContext.Current.CancellationToken)).Job;
        Assert.NotNull(started);
        await Wait.Until(() => Bulk.Find(started.Id)!.State is BulkJobState.Completed or BulkJobState.Failed, $"bulk {action} finished");
        var job = Bulk.Find(started.Id)!;
        Assert.Equal(BulkJobState.Completed, job.State);
        return job;
    }

    [Fact]
    public async Task BulkDeleteBySender_RemovesExactlyTheFiftyMatches_AndTheOtherFiftyAreDeliveredWhenTheCustomerComesOnline()
    {
        var spam = new List<string>();
        var good = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            spam.Add(await QueueAsync("spammer@bad.example", $"spam {i}", "bob@xyz.com"));
            good.Add(await QueueAsync("alice@good.example", $"good {i}", "bob@xyz.com"));
        }
        Assert.Equal(50, await Bulk.CountAsync(Filter("from:spammer@bad.example"), TestContext.Current.CancellationToken));

        var job = await RunAsync("from:spammer@bad.example", BulkAction.Delete);

        Assert.Equal((50, 50, 0), (job.Matched, job.Done, job.Skipped));
        Assert.All(spam, id => Assert.True(IsGone(id)));
        Assert.All(good, id => Assert.False(IsGone(id)));
        var entry = Assert.Single(Audit.Recent(20), e => e.Action.StartsWith("queue.bulk", StringComparison.Ordinal));
        Assert.Equal(("queue.bulk.delete", "tester", job.Id), (entry.Action, entry.Operator, entry.Target));
        Assert.Contains("50 messages matching \"from:spammer@bad.example\"", entry.Detail, StringComparison.Ordinal);

        GoOnline();
        await Sink.WaitForRecipientsAsync(50, TimeSpan.FromSeconds(30));
        await Wait.Until(() => good.All(IsGone), "the other fifty delivered");
        Assert.Equal(0, Sink.CountContaining("spam "));
        Assert.Equal(50, Sink.CountContaining("good "));
    }

    [Fact]
    public async Task BulkHoldThenRelease_ByAge_TouchesOnlyTheOlderMessages()
    {
        var old = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            old.Add(await QueueAsync("alice@sender.example", $"old {i}", "bob@abc.org"));
        }
        _time.Advance(TimeSpan.FromHours(3));
        var fresh = await QueueAsync("alice@sender.example", "fresh", "bob@abc.org");

        var held = await RunAsync("domain:abc.org before:2h", BulkAction.Hold);

        Assert.Equal((5, 5), (held.Matched, held.Done));
        Assert.All(old, id => Assert.Equal(RecipientState.Held, Engine.Queue.Find(id)!.Recipients[0].State));
        Assert.Equal(RecipientState.Queued, Engine.Queue.Find(fresh)!.Recipients[0].State);
        Assert.Equal(5, await Bulk.CountAsync(Filter("state:held"), TestContext.Current.CancellationToken));

        var released = await RunAsync("state:held before:2h", BulkAction.Release);

        Assert.Equal((5, 5), (released.Matched, released.Done));
        Assert.All(old, id => Assert.Equal(RecipientState.Queued, Engine.Queue.Find(id)!.Recipients[0].State));
        Assert.Equal(0, await Bulk.CountAsync(Filter("state:held"), TestContext.Current.CancellationToken));
        Assert.Equal(["queue.bulk.release", "queue.bulk.hold"],
            Audit.Recent(20).Where(e => e.Action.StartsWith("queue.bulk", StringComparison.Ordinal)).Select(e => e.Action));
    }

    [Fact]
    public async Task BulkReturn_SendsOneDsnPerMessage_WithinTheRateLimit()
    {
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await QueueAsync($"list{i}@returns.example", $"return {i}", "bob@abc.org"));
        }
        var kept = await QueueAsync("other@sender.example", "stays", "bob@abc.org");

        var job = await RunAsync("from:returns.example", BulkAction.Return);

        Assert.Equal((8, 8), (job.Matched, job.Done));
        await SmartHost.WaitForRecipientsAsync(8, TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"list{i}@returns.example").Order(), SmartHost.DeliveredRecipients.Order());
        Assert.Equal(8, SmartHost.Messages.Count);
        Assert.All(ids, id => Assert.True(IsGone(id)));
        Assert.False(IsGone(kept));
    }

    [Fact]
    public async Task BulkReturn_OverTheHourlyDsnLimit_ReturnsEveryMessage_AndSendsDsnsOnlyUpToTheLimit()
    {
        var notices = new List<SenderNotified>();
        using var subscription = Engine.Services.GetRequiredService<IMailEvents>().Subscribe(e =>
        {
            if (e is SenderNotified n) { lock (notices) { notices.Add(n); } }
        });
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await QueueAsync($"list{i}@flood.example", $"flood {i}", "bob@abc.org"));
        }

        var job = await RunAsync("from:flood.example", BulkAction.Return);

        // Every message is returned (its recipients failed, it leaves the queue); only the DSNs beyond the limit are dropped.
        Assert.Equal((12, 12, 0), (job.Matched, job.Done, job.Skipped));
        Assert.All(ids, id => Assert.True(IsGone(id)));
        await SmartHost.WaitForRecipientsAsync(8, TimeSpan.FromSeconds(20));
        var outbox = Engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(async () => await outbox.CountAsync(TestContext.Current.CancellationToken) == 0, "the outbox sent all it holds");
        Assert.Equal(8, SmartHost.Messages.Count);
        Assert.All(SmartHost.Messages, m => Assert.Equal("", m.Sender));
        await Wait.Until(() => { lock (notices) { return notices.Count == 12; } }, "a notice per returned message");
        lock (notices)
        {
            Assert.Equal(8, notices.Count(n => n is { Kind: "failed", Sent: true }));
            Assert.Equal(4, notices.Count(n => n is { Kind: "failed", Sent: false, Why: "rate limit" }));
            Assert.Equal(SmartHost.DeliveredRecipients.Order(), notices.Where(n => n.Sent).Select(n => n.Sender).Order());
        }
    }

    [Fact]
    public async Task BulkRetry_MakesTheMatchingDeferredMessagesDueNow_AndOnlyThose()
    {
        Sink.RcptReply = _ => "451 4.7.1 greylisted, try again later";
        var late = new List<string>();
        var other = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            late.Add(await QueueAsync("alice@late.example", $"late {i}", "bob@xyz.com"));
            other.Add(await QueueAsync("carol@other.example", $"other {i}", "bob@xyz.com"));
        }
        var now = _time.GetUtcNow().UtcDateTime;
        GoOnline();
        await Wait.Until(() => late.Concat(other).Select(id => Engine.Queue.Find(id)!.Recipients[0])
            .All(r => r is { State: RecipientState.Queued, Attempts: > 0 } && r.NextAttemptAt > now), "every message deferred by the 451");
        GoOffline();
        Sink.RcptReply = _ => "250 2.1.5 ok";
        var deferredUntil = other.ToDictionary(id => id, id => Engine.Queue.Find(id)!.Recipients[0].NextAttemptAt);

        var job = await RunAsync("from:alice@late.example", BulkAction.Retry);

        Assert.Equal((3, 3, 0), (job.Matched, job.Done, job.Skipped));
        Assert.All(late, id => Assert.True(Engine.Queue.Find(id)!.Recipients[0].NextAttemptAt <= now, "the retried message is due now"));
        Assert.All(other, id => Assert.Equal(deferredUntil[id], Engine.Queue.Find(id)!.Recipients[0].NextAttemptAt));
        Assert.Contains(Audit.Recent(20), e => e.Action == "queue.bulk.retry" && e.Target == job.Id);

        // The clock is fake and does not move: only what the retry made due can be delivered.
        GoOnline();
        await Wait.Until(() => late.All(IsGone), "the retried messages delivered");
        // A message queued now is claimed and delivered at once: delivery looked at the queue again after the
        // retried ones and found nothing else due.
        var probe = await QueueAsync("dave@probe.example", "probe", "bob@xyz.com");
        await Wait.Until(() => IsGone(probe), "a new message delivered after the retried ones");
        Assert.Equal(3, Sink.CountContaining("late "));
        Assert.Equal(0, Sink.CountContaining("other "));
        Assert.All(other, id => Assert.Equal(RecipientState.Queued, Engine.Queue.Find(id)!.Recipients[0].State));
    }

    [Fact]
    public async Task BulkAction_MatchingMoreThanTheCap_IsRefusedWhole_AndChangesNothing()
    {
        var ids = await QueueManyAsync(51);

        var start = await Bulk.StartAsync(Filter("from:alice@sender.example"), "from:alice@sender.example", BulkAction.Delete, "tester",
            TestContext.Current.CancellationToken);

        Assert.Null(start.Job);
        Assert.Equal(BulkRefusal.TooManyMatches, start.Refusal);
        Assert.Contains("matches 51 messages; a bulk action takes at most 50", start.Error, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.False(IsGone(id)));
        Assert.Empty(Bulk.Recent(10));
        Assert.DoesNotContain(Audit.Recent(20), e => e.Action.StartsWith("queue.bulk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetryAndRelease_WakeDelivery_ForTheMatchedDomain()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await QueueAsync("alice@sender.example", $"held {i}", "bob@xyz.com"));
        }
        await RunAsync("domain:xyz.com", BulkAction.Hold);
        GoOnline();

        var job = await RunAsync("state:held", BulkAction.Release);

        Assert.Equal(3, job.Done);
        await Sink.WaitForRecipientsAsync(3, TimeSpan.FromSeconds(20));
        await Wait.Until(() => ids.All(IsGone), "released mail delivered");
    }

    [Fact]
    public async Task Progress_IsPublished_UntilTheActionFinishes()
    {
        for (var i = 0; i < 3; i++)
        {
            await QueueAsync("alice@sender.example", $"p {i}", "bob@abc.org");
        }
        var seen = new List<BulkJob>();
        using var subscription = Engine.Services.GetRequiredService<IMailEvents>().Subscribe(e =>
        {
            if (e is BulkJobChanged c) { lock (seen) { seen.Add(c.Job); } }
        });

        var job = await RunAsync("domain:abc.org", BulkAction.Hold);

        await Wait.Until(() => { lock (seen) { return seen.Exists(j => j.Id == job.Id && j.State == BulkJobState.Completed); } }, "the finish published");
        lock (seen)
        {
            Assert.Contains(seen, j => j.Id == job.Id && j.State == BulkJobState.Running);
        }
    }
}
