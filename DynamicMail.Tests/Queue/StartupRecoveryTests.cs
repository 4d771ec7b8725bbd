using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Queue;

/// <summary>What a dead process leaves behind is put right when the next one opens the store.</summary>
public sealed class StartupRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<string> QueueAsync(EngineHost engine, string body = "hello")
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: t\r\n\r\n" + body));
    }

    [Fact]
    public async Task LeasesOfAProcessThatDied_AreReleasedAtStartup()
    {
        string id;
        await using (var first = await EngineHost.StartAsync(_dir.Path))
        {
            id = await QueueAsync(first);
            var claimed = await first.Queue.ClaimAsync("xyz.com", "worker-of-a-dead-process", 10, TimeSpan.FromHours(1));
            Assert.Equal(RecipientState.Delivering, Assert.Single(claimed).Recipients[0].State);
        }

        await using var second = await EngineHost.StartAsync(_dir.Path);

        var recipient = second.Queue.Find(id)!.Recipients[0];
        Assert.Equal(RecipientState.Queued, recipient.State);
        Assert.Null(recipient.LeaseOwner);
        Assert.True(recipient.IsClaimable(DateTime.UtcNow));
        Assert.Single(await second.Queue.ClaimAsync("xyz.com", "new-worker", 10, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task SpoolFileWhoseMessageNeverCommitted_IsReclaimed_OthersStay()
    {
        string kept;
        await using (var first = await EngineHost.StartAsync(_dir.Path))
        {
            kept = await QueueAsync(first, new string('x', MessageBodyStore.InlineLimit + 10));
        }
        var spool = Path.Combine(_dir.Path, "spool");
        var orphan = Path.Combine(spool, "0000000000ORPH.eml");
        await File.WriteAllTextAsync(orphan, "half a message", TestContext.Current.CancellationToken);

        await using var second = await EngineHost.StartAsync(_dir.Path);

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(Path.Combine(spool, kept + ".eml")));
        Assert.Contains(new string('x', MessageBodyStore.InlineLimit + 10), System.Text.Encoding.ASCII.GetString(second.Queue.ReadContent(second.Queue.Find(kept)!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableStore_StopsStartupNamingTheFile_AndLeavesItAlone()
    {
        var file = Path.Combine(_dir.Path, "dynamicmail.db");
        var garbage = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(file, garbage, TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => EngineHost.StartAsync(_dir.Path));

        Assert.Contains(file, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SecondInstanceOnTheSameStore_IsRefused()
    {
        await using var first = await EngineHost.StartAsync(_dir.Path);
        var id = await QueueAsync(first);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => EngineHost.StartAsync(_dir.Path));

        Assert.Contains("dynamicmail.db", ex.ToString(), StringComparison.Ordinal);
        Assert.NotNull(first.Queue.Find(id));
    }
}
