using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #22, findings 6, 7 and 8: a reply line without end, or of 10 MB, from the customer's server or the DSN host
/// costs bounded memory (counted in allocated bytes, not time) and ends that attempt; what is kept of a long reply
/// (stored last reply, status board, events, DSN) is short.
/// </summary>
[Collection(nameof(MemoryCollection))]
public sealed class ReplyBoundsTests : HostileDeliveryTest
{
    private const long Bound = 16 * 1024 * 1024;

    private static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(10 * 1024 * 1024)]
    public async Task HugeReplyToTheDot_IsCutOff_WithBoundedMemory_AndTheMessageRetried(long replyBytes)
    {
        Sink.AfterDot = (content, stream, ct) =>
            content.Contains("Subject: flood", StringComparison.Ordinal) ? FloodAndHangUp(stream, replyBytes, ct) : Task.FromResult(true);
        var flood = await QueueAsync("alice@sender.example", "flood", "bob@xyz.com");
        var others = await QueueManyAsync(2);
        var before = Allocated();

        GoOnline();
        await Wait.Until(() => Engine.Queue.Find(flood)?.Recipients.Single() is { State: RecipientState.Queued, Attempts: 1 }, "the flooded attempt recorded");
        await Wait.Until(() => others.All(IsGone), "the other messages delivered");
        var allocated = Allocated() - before;

        Assert.True(allocated < Bound, $"allocated {allocated:N0} bytes");
        Assert.Contains("longer than 4096", Engine.Queue.Find(flood)!.Recipients.Single().LastReply, StringComparison.Ordinal);
    }

    private async Task<bool> FloodAndHangUp(Stream stream, long bytes, CancellationToken ct)
    {
        await Sink.FloodAsync(stream, bytes, ct);
        return false;
    }

    [Fact]
    public async Task LongRefusal_IsKeptShort_InTheStore_OnTheBoard_InEvents_AndInTheDsn()
    {
        var lines = Enumerable.Range(0, 15).Select(i => "550-5.1.1 " + new string((char)('a' + i), 4000));
        Sink.RcptReply = _ => string.Join("\r\n", lines) + "\r\n550 5.1.1 no such user";
        var replies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var _ = Engine.Services.GetRequiredService<IMailEvents>().Subscribe(e => { if (e is RecipientFailed f) { replies.Enqueue(f.Reply); } });
        var id = await QueueAsync("alice@sender.example", "long refusal", "nobody@xyz.com");

        GoOnline();
        await SmartHost.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));

        var dsn = Assert.Single(SmartHost.Messages);
        Assert.True(dsn.Content.Length < 16 * 1024, $"DSN of {dsn.Content.Length} characters");
        var diagnostic = DsnReading.Parse(dsn.Content).Recipient("nobody@xyz.com")["Diagnostic-Code"];
        Assert.StartsWith("smtp; 550 5.1.1 aaaa", diagnostic, StringComparison.Ordinal);
        Assert.InRange(diagnostic!.Length, 1000, 1100);
        Assert.InRange(Assert.Single(replies).Length, 1000, 1024);
        Assert.InRange(Board.Get("xyz.com").LastReply!.Length, 1000, 1024);
        Assert.All(Board.Get("xyz.com").Recent, r => Assert.True(r.Reply.Length <= 1024));
        await Wait.Until(() => IsGone(id), "returned and gone");
    }

    [Fact]
    public async Task ReplyKeptWhole_BeforeTheLimit_StillGivesASmallDsn()
    {
        var id = await QueueAsync("alice@sender.example", "old refusal", "nobody@xyz.com");
        var queue = Engine.Services.GetRequiredService<LiteDbMailQueue>();
        await Engine.Services.GetRequiredService<LiteDbStore>().WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>("messages");
            var m = col.FindById(id);
            m.Recipients[0].State = RecipientState.Failed;
            m.Recipients[0].LastReply = "550 5.7.1 " + new string('x', 10 * 1024 * 1024);
            queue.Touch(m);
            col.Update(m);
        }, durable: true);
        Engine.Services.GetRequiredService<IMailEvents>().Publish(new RecipientFailed("xyz.com", DateTime.UtcNow, id, "", "nobody@xyz.com", "", Permanent: true));

        await SmartHost.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        await Wait.Until(() => IsGone(id), "returned and gone");
        var dsn = Assert.Single(SmartHost.Messages);
        Assert.True(dsn.Content.Length < 16 * 1024, $"DSN of {dsn.Content.Length} characters");
        Assert.Equal("5.7.1", DsnReading.Parse(dsn.Content).Recipient("nobody@xyz.com")["Status"]);
    }

    [Fact]
    public async Task DsnHostGreetingWithoutEnd_IsCutOff_WithBoundedMemory_AndTheDsnKeptForLater()
    {
        SmartHost.GreetingHook = (stream, ct) => SmartHost.FloodAsync(stream, long.MaxValue, ct);
        var id = await QueueAsync("alice@sender.example", "returned", "bob@xyz.com");
        var outbound = Engine.Services.GetRequiredService<LiteDbStore>().Database.GetCollection<OutboundMessage>("outbound");
        var before = Allocated();

        Assert.Equal(1, await Engine.Services.GetRequiredService<IMailReturns>().ReturnNowAsync(id, "test", TestContext.Current.CancellationToken));
        await Wait.Until(() => outbound.FindAll().SingleOrDefault() is { Attempts: 1 }, "the DSN's attempt recorded");
        var allocated = Allocated() - before;

        Assert.True(allocated < Bound, $"allocated {allocated:N0} bytes");
        Assert.Contains("longer than 4096", outbound.FindAll().Single().LastError, StringComparison.Ordinal);
    }
}
