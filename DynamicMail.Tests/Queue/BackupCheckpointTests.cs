using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Queue;

/// <summary>
/// A backup copies the data file after the pause, with LiteDB's automatic checkpoints off; they must always come back,
/// or the log would grow for ever.
/// </summary>
public sealed class BackupCheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _elsewhere = new();

    public void Dispose()
    {
        _dir.Dispose();
        _elsewhere.Dispose();
    }

    [Fact]
    public async Task Backup_TurnsAutomaticCheckpointsBackOn_AndTheCopyOpensWithItsMessage()
    {
        string id;
        await using (var engine = await EngineHost.StartAsync(_dir.Path))
        {
            id = await Mail.SendAsync(engine.Smtp, "alice@sender.example", "bob@xyz.com", "backed up");
            await engine.Services.GetRequiredService<IStoreBackup>().BackupAsync(Path.Combine(_elsewhere.Path, "b"), TestContext.Current.CancellationToken);
            var after = await Mail.SendAsync(engine.Smtp, "alice@sender.example", "bob@xyz.com", "after");

            Assert.Equal(1000, engine.Services.GetRequiredService<LiteDbStore>().Database.Pragma("CHECKPOINT").AsInt32);
            Assert.NotNull(engine.Queue.Find(after));
        }

        await using var restored = await EngineHost.StartAsync(Path.Combine(_elsewhere.Path, "b"));
        Assert.NotNull(restored.Queue.Find(id));
    }

    [Fact]
    public async Task Open_AfterACopyWasCutShortByACrash_TurnsAutomaticCheckpointsBackOn()
    {
        await using (var engine = await EngineHost.StartAsync(_dir.Path))
        {
            var store = engine.Services.GetRequiredService<LiteDbStore>();
            await store.SetAutoCheckpointAsync(0); // as a copy in progress leaves it
        }

        await using var reopened = await EngineHost.StartAsync(_dir.Path);
        Assert.Equal(1000, reopened.Services.GetRequiredService<LiteDbStore>().Database.Pragma("CHECKPOINT").AsInt32);
    }
}
