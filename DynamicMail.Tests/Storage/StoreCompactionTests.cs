using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Storage;

/// <summary>Issue #14: the embedded store gives back the space of mail that has left, online, losing nothing.</summary>
public sealed class StoreCompactionTests : IDisposable
{
    private const int Kept = 10;
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private string StoreFile => Path.Combine(_dir.Path, "dynamicmail.db");

    [Fact]
    public async Task Compact_AfterMailCameAndWent_ShrinksTheFile_KeepsTheRest_AndSurvivesARestart()
    {
        List<string> kept;
        string after;
        await using (var engine = await EngineHost.StartAsync(_dir.Path))
        {
            var ids = await SendAsync(engine.Smtp, 200, bodyLines: 1500); // ~100 KB each, inline in the store
            var admin = engine.Services.GetRequiredService<IQueueAdmin>();
            foreach (var id in ids.Skip(Kept))
            {
                Assert.True((await admin.DeleteAsync(id, EngineHost.OperatorName)).Done);
            }
            kept = ids.Take(Kept).ToList();

            var done = await engine.Services.GetRequiredService<IStoreCompaction>().CompactAsync(Ct);

            Assert.True(done.BytesAfter * 4 < done.BytesBefore, $"{done.BytesBefore} → {done.BytesAfter}");
            Assert.Equal(done.BytesAfter, new FileInfo(StoreFile).Length);
            await AssertReadableAsync(engine.Queue, kept);
            after = (await SendAsync(engine.Smtp, 1, bodyLines: 10)).Single(); // writes go on, into the new file
        }

        await using var restarted = await EngineHost.StartAsync(_dir.Path);
        await AssertReadableAsync(restarted.Queue, [.. kept, after]);
        Assert.Equal(Kept + 1, restarted.Queue.Summarize("xyz.com").Messages);
        Assert.False(File.Exists(StoreFile + ".compact"));
    }

    [Fact]
    public async Task Compact_WhileTwoClientsSend_LosesNoAcknowledgedMessage()
    {
        var acked = new ConcurrentQueue<string>();
        await using (var engine = await EngineHost.StartAsync(_dir.Path))
        {
            await SendAsync(engine.Smtp, 50, bodyLines: 500);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 2).Select(i => SendUntilAsync(engine.Smtp, acked, stop.Token)).ToList();
            await Wait.Until(() => acked.Count >= 20, "clients sending");

            await engine.Services.GetRequiredService<IStoreCompaction>().CompactAsync(Ct);
            var during = acked.Count;
            await Wait.Until(() => acked.Count >= during + 20, "clients still sending after the compaction");
            await stop.CancelAsync();
            await Task.WhenAll(clients);
            await AssertReadableAsync(engine.Queue, acked);
        }

        await using var restarted = await EngineHost.StartAsync(_dir.Path);
        await AssertReadableAsync(restarted.Queue, acked);
    }

    [Fact]
    public async Task Scheduler_CompactsByItself_OnceTheFileOutgrowsWhatItHolds()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicMail:Store:Compaction:Interval"] = "00:00:01",
            ["DynamicMail:Store:Compaction:MinFileBytes"] = "1000000",
        };
        await using var engine = await EngineHost.StartAsync(_dir.Path, settings);
        var compactor = engine.Services.GetRequiredService<LiteDbCompactor>();
        var compactions = new System.Collections.Concurrent.ConcurrentQueue<StoreCompaction>();
        compactor.Compacted += compactions.Enqueue;
        Assert.False(compactor.Due(new FileInfo(StoreFile).Length), "an empty store is not due");

        var ids = await SendAsync(engine.Smtp, 60, bodyLines: 1500);
        var admin = engine.Services.GetRequiredService<IQueueAdmin>();
        foreach (var id in ids)
        {
            await admin.DeleteAsync(id, EngineHost.OperatorName);
        }

        // A compaction may already run while the deletes go on; then the schedule compacts again once the rest is gone.
        await Wait.Until(() => !compactions.IsEmpty && !compactor.Due(compactions.Last().BytesAfter),
            "a compaction after which none is due", 30_000);
        var done = compactions.Last();
        Assert.True(done.BytesAfter < done.BytesBefore);
    }

    [Fact]
    public async Task Scheduler_AfterACompactionMadeWhileMailWasQueued_IsDueAgainOnceTheQueueDrains()
    {
        // The bench's 100,000 in and out: a compaction ran mid-flush, counted the queued mail's page overhead as lasting
        // data, and the file then stayed at 650 MB with nothing queued. 4 KB messages take about twice their size in pages.
        var settings = new Dictionary<string, string?>
        {
            ["DynamicMail:Store:Compaction:Enabled"] = "false",
            ["DynamicMail:Store:Compaction:MinFileBytes"] = "100000",
        };
        await using var engine = await EngineHost.StartAsync(_dir.Path, settings);
        var compactor = engine.Services.GetRequiredService<LiteDbCompactor>();
        var ids = await SendAsync(engine.Smtp, 400, bodyLines: 56);
        var admin = engine.Services.GetRequiredService<IQueueAdmin>();
        foreach (var id in ids.Skip(100))
        {
            await admin.DeleteAsync(id, EngineHost.OperatorName);
        }
        var mid = await compactor.CompactAsync(Ct);
        Assert.False(compactor.Due(mid.BytesAfter), "the mail still queued is live data");

        foreach (var id in ids.Take(100))
        {
            await admin.DeleteAsync(id, EngineHost.OperatorName);
        }

        var file = new FileInfo(StoreFile).Length;
        Assert.True(compactor.Due(file), $"nothing queued, file {file} B after a compaction to {mid.BytesAfter} B");
        var last = await compactor.CompactAsync(Ct);
        Assert.True(last.BytesAfter * 2 < last.BytesBefore, $"{last.BytesBefore} → {last.BytesAfter}");
    }

    [Fact]
    public async Task CompactApi_AnswersSizes_AndWithoutAKeyIs401()
    {
        using var web = new WebAppHost(_dir.Path, deliveryPort: 25);
        var (_, key) = await web.Services.GetRequiredService<IApiKeys>().CreateAsync("compact", EngineHost.OperatorName);
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        using var anonymous = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await http.PostAsync("/api/v1/store/compact", null, Ct);
        var noKey = await anonymous.PostAsync("/api/v1/store/compact", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(view.GetProperty("bytesAfter").GetInt64() > 0);
        Assert.True(view.GetProperty("pauseMilliseconds").GetDouble() >= 0);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    private static async Task AssertReadableAsync(IMailQueue queue, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var message = await queue.FindAsync(id);
            Assert.True(message is not null, $"{id} is missing");
            await using var content = await queue.OpenContentAsync(message);
            Assert.Equal(message.Size, await content.CopyToCountAsync());
        }
    }

    private static async Task<List<string>> SendAsync(IPEndPoint smtp, int count, int bodyLines)
    {
        await using var dialogue = await SmtpDialogue.ConnectAsync(smtp);
        await dialogue.SendAsync("EHLO compact.example");
        var body = new StringBuilder("Subject: compact\r\n\r\n");
        for (var i = 0; i < bodyLines; i++)
        {
            body.Append("0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
        }
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var reply = await dialogue.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], body.ToString());
            Assert.StartsWith("250 2.0.0", reply);
            ids.Add(QueueReading.QueueId(reply));
        }
        return ids;
    }

    private static async Task SendUntilAsync(IPEndPoint smtp, ConcurrentQueue<string> acked, CancellationToken stop)
    {
        await using var dialogue = await SmtpDialogue.ConnectAsync(smtp);
        await dialogue.SendAsync("EHLO client.example");
        while (!stop.IsCancellationRequested)
        {
            var reply = await dialogue.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: during\r\n\r\nhello");
            Assert.StartsWith("250 2.0.0", reply);
            acked.Enqueue(QueueReading.QueueId(reply));
        }
    }
}
