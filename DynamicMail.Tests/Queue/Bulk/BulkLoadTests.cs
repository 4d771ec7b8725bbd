using System.Text;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Queue.Bulk;

/// <summary>
/// Issue #20: a bulk action over many messages runs in the background while four clients send; nothing is lost
/// and ingest keeps going. The messages are written into the store directly so the test stays short on a small
/// machine; 20,000 make a run of 200 batches, which is what this proves (how fast ingest stays during a bulk action
/// over 100,000 is the benchmark's row 8, not a test's). While the clients send, the bulk action paces itself to a
/// fifth of the time, so a larger count only makes the test longer.
/// </summary>
public sealed class BulkLoadTests : EngineTest
{
    private const int Seeded = 20_000;

    private async Task SeedAsync(string domain)
    {
        var store = Engine.Services.GetRequiredService<LiteDbStore>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var body = Encoding.ASCII.GetBytes("Subject: seeded\r\n\r\nseeded body\r\n");
        for (var done = 0; done < Seeded; done += 5_000)
        {
            await store.WriteAsync(db =>
            {
                var col = db.GetCollection<QueuedMessage>("messages");
                var docs = Enumerable.Range(0, 5_000).Select(_ => new QueuedMessage
                {
                    Id = QueueIds.Next(TimeProvider.System), Domain = domain, Sender = "bulk@sender.example", ArrivedAt = now,
                    Size = body.Length, Subject = "seeded", NextAttemptAt = now,
                    Recipients = [new QueuedRecipient { Address = "bob@" + domain, NextAttemptAt = now }],
                }).ToList();
                col.InsertBulk(docs);
                foreach (var d in docs)
                {
                    MessageBodyStore.InsertInline(db, d.Id, body);
                }
            }, durable: true);
        }
    }

    [Fact]
    public async Task HoldOver20000Messages_RunsInTheBackground_WhileFourClientsSend_AndNothingIsLost()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync("abc.org");
        var bulk = Engine.Services.GetRequiredService<IBulkActions>();
        var filter = new QueueFilter(Domain: "abc.org");
        await using var load = new SmtpLoad(Engine.Smtp, 4, "bob@xyz.com");
        load.Start();
        await Wait.Until(() => load.Acknowledged.Count >= 20, "the clients are sending");

        var started = (await bulk.StartAsync(filter, "domain:abc.org", BulkAction.Hold, "tester", ct)).Job;
        Assert.NotNull(started);
        Assert.Equal(Seeded, started.Matched);
        var atStart = load.Acknowledged.Count;
        await Wait.Until(() => bulk.Find(started.Id)!.Processed >= Seeded / 2, "half of the bulk done", 180_000);
        var atHalf = load.Acknowledged.Count;
        await Wait.Until(() => bulk.Find(started.Id)!.State == BulkJobState.Completed, "the bulk finished", 180_000);
        var atEnd = load.Acknowledged.Count;
        await load.StopAsync();

        var job = bulk.Find(started.Id)!;
        Assert.Equal((Seeded, 0), (job.Done, job.Skipped));
        Assert.True(atHalf > atStart && atEnd > atHalf, $"ingest kept going during the bulk: {atStart}, {atHalf}, {atEnd} acknowledged");
        Assert.Equal(Seeded, await bulk.CountAsync(new QueueFilter(Domain: "abc.org", State: RecipientState.Held), ct));
        var acknowledged = load.Acknowledged.ToList();
        Assert.All(acknowledged, id => Assert.Equal(RecipientState.Queued, Engine.Queue.Find(id)?.Recipients[0].State));
        Assert.Equal(acknowledged.Count, await bulk.CountAsync(new QueueFilter(Domain: "xyz.com"), ct));
    }
}
