using DynamicMail.Tests.TestSupport;
using LiteDB;

namespace DynamicMail.Tests.Queue;

/// <summary>Issue #14: the store carries a schema version; an older store is migrated once, a newer one refused.</summary>
public sealed class StoreSchemaTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string DbPath => Path.Combine(_dir.Path, "dynamicmail.db");

    private BsonValue? Schema()
    {
        using var db = new LiteDatabase($"Filename={DbPath}");
        return db.GetCollection("store_meta").FindById("schema")?["version"];
    }

    private void SetSchema(int? version)
    {
        using var db = new LiteDatabase($"Filename={DbPath}");
        var meta = db.GetCollection("store_meta");
        if (version is { } v) { meta.Upsert(new BsonDocument { ["_id"] = "schema", ["version"] = v }); }
        else { meta.Delete("schema"); }
    }

    private static async Task<string> QueueOneAsync(EngineHost engine)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: kept\r\n\r\nhi"));
    }

    [Fact]
    public async Task NewStore_GetsTheCurrentSchema()
    {
        await (await EngineHost.StartAsync(_dir.Path)).DisposeAsync();

        Assert.Equal(1, Schema()!.AsInt32);
    }

    [Fact]
    public async Task StoreFromBeforeVersions_IsMigratedOnce_AndKeepsItsMail()
    {
        string id;
        await using (var first = await EngineHost.StartAsync(_dir.Path))
        {
            id = await QueueOneAsync(first);
        }
        SetSchema(null);

        await using var again = await EngineHost.StartAsync(_dir.Path);

        Assert.Equal("kept", again.Queue.Find(id)!.Subject);
        await again.DisposeAsync();
        Assert.Equal(1, Schema()!.AsInt32);
    }

    [Fact]
    public async Task StoreFromANewerVersion_StopsStartUp_WithAClearMessage_AndIsNotWritten()
    {
        await (await EngineHost.StartAsync(_dir.Path)).DisposeAsync();
        SetSchema(99);
        var before = File.ReadAllBytes(DbPath);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => EngineHost.StartAsync(_dir.Path));

        Assert.Contains("newer DynamicMail (schema 99)", error.ToString());
        Assert.Equal(before, File.ReadAllBytes(DbPath));
    }
}
