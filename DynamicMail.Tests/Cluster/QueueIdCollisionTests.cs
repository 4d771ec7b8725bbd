using System.Buffers;
using System.Text;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Npgsql;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// Queue ids are made per node, so two nodes on one PostgreSQL database can pick the same one (issue #19). The store
/// keeps the first message and gives the second a fresh id inside its commit: the sender gets its 250 with the id
/// stored, nothing is lost, nothing is stored twice. Two engines in this process, one database.
/// </summary>
public sealed class QueueIdCollisionTests(PostgresCluster cluster) : IAsyncLifetime
{
    private readonly TempDirectory _dirA = new();
    private readonly TempDirectory _dirB = new();
    private string _database = "";
    private EngineHost _a = null!;
    private EngineHost _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await cluster.CreateDatabaseAsync();
        _a = await StartAsync(_dirA, "node-a");
        _b = await StartAsync(_dirB, "node-b");
    }

    private Task<EngineHost> StartAsync(TempDirectory dir, string node) =>
        EngineHost.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Store:Provider"] = "Postgres",
            ["DynamicMail:Store:ConnectionString"] = _database,
            ["DynamicMail:Store:NodeId"] = node,
        });

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _dirA.Dispose();
        _dirB.Dispose();
    }

    [Fact]
    public async Task Enqueue_UnderAnIdTheOtherNodeStored_KeepsBoth_TheSecondUnderAFreshIdNamedInItsTraceHeader()
    {
        var taken = QueueIds.Next(TimeProvider.System);
        var first = await _a.Queue.EnqueueAsync(Message("first", taken), Ct);

        var second = await _b.Queue.EnqueueAsync(Message("second", taken), Ct);

        Assert.Equal(taken, first.Id);
        Assert.NotEqual(taken, second.Id);
        Assert.Equal(taken.Length, second.Id.Length);
        Assert.Equal(Bytes("first", taken), await ContentAsync(_b, taken));
        Assert.Equal(Bytes("second", second.Id), await ContentAsync(_a, second.Id));
        Assert.Equal([taken, second.Id], (await _b.Queue.ListDomainAsync("xyz.com", 0, 10, Ct)).Select(m => m.Id).Order(StringComparer.Ordinal));
        await Wait.Until(() => _a.Queue.Summarize("xyz.com").Messages == 2, "node A counts node B's message (its notice went out once)");
    }

    [Fact]
    public async Task ConcurrentEnqueues_SomeUnderTakenIds_AllCommitTogether_NoneLostNoneTwice()
    {
        var taken = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            taken.Add((await _a.Queue.EnqueueAsync(Message($"a{i}", QueueIds.Next(TimeProvider.System)), Ct)).Id);
        }

        // Sixteen sessions finishing at once share grouped commits; every fourth proposes an id node A already has.
        var queued = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            _b.Queue.EnqueueAsync(Message($"b{i}", i % 4 == 0 ? taken[i / 4] : QueueIds.Next(TimeProvider.System)), Ct)));

        Assert.Equal(16, queued.Select(q => q.Id).Distinct().Count());
        Assert.Empty(queued.Select(q => q.Id).Intersect(taken));
        var listed = await _a.Queue.ListDomainAsync("xyz.com", 0, 100, Ct);
        Assert.Equal(20, listed.Count);
        foreach (var (message, i) in queued.Select((q, i) => (q, i)))
        {
            Assert.Equal(Bytes($"b{i}", message.Id), await ContentAsync(_a, message.Id));
        }
    }

    [Fact]
    public async Task Smtp_WhenTheGeneratedIdIsTaken_Replies250WithTheIdStored_AndTheMessageIsThere()
    {
        var taken = (await _a.Queue.EnqueueAsync(Message("first", QueueIds.Next(TimeProvider.System)), Ct)).Id;
        await CollideNextInsertWithAsync(taken);

        await using var smtp = await SmtpDialogue.ConnectAsync(_b.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: second\r\n\r\nbody\r\n");

        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM collide_next")); // the first insert did collide
        var id = reply["250 2.0.0 Ok: queued as ".Length..].Trim();
        Assert.NotEqual(taken, id);
        var stored = Encoding.ASCII.GetString(await ContentAsync(_a, id));
        Assert.Contains(" id " + id, stored);
        Assert.EndsWith("Subject: second\r\n\r\nbody\r\n", stored);
        Assert.Equal(Bytes("first", taken), await ContentAsync(_a, taken));
        Assert.Equal(2, (await _a.Queue.ListDomainAsync("xyz.com", 0, 10, Ct)).Count);
    }

    /// <summary>
    /// Makes the next row inserted into the queue arrive under <paramref name="taken"/>, whatever id the node chose
    /// (a trigger that fires once): the collision another node would cause, without guessing a random id.
    /// </summary>
    private async Task CollideNextInsertWithAsync(string taken)
    {
        await using var conn = new NpgsqlConnection(_database);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand($$"""
            CREATE TABLE collide_next (id text);
            INSERT INTO collide_next VALUES ('{{taken}}');
            CREATE FUNCTION collide() RETURNS trigger LANGUAGE plpgsql AS $f$
            DECLARE chosen text;
            BEGIN
              DELETE FROM collide_next RETURNING id INTO chosen;
              IF chosen IS NOT NULL THEN NEW.id := chosen; END IF;
              RETURN NEW;
            END $f$;
            CREATE TRIGGER collide BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION collide();
            """, conn);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_database);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync(Ct);
    }

    private static NewMessage Message(string subject, string id)
    {
        var bytes = Bytes(subject, id);
        var trace = Trace(id).Length;
        var content = new MessageContent(bytes[..trace], new ReadOnlySequence<byte>(bytes[trace..]));
        return new NewMessage("xyz.com", "alice@sender.example", ["bob@xyz.com"], content,
            new HeaderSummary(null, subject, null), "192.0.2.1", "sender.example", id);
    }

    private static string Trace(string id) =>
        $"Received: from sender.example ([192.0.2.1])\r\n\tby mx.test (DynamicMail) with ESMTP id {id}; Mon, 2 Mar 2026 09:00:00 +0000\r\n";

    private static byte[] Bytes(string subject, string id) => Encoding.ASCII.GetBytes(Trace(id) + $"Subject: {subject}\r\n\r\nbody\r\n");

    private static async Task<byte[]> ContentAsync(EngineHost node, string id)
    {
        var message = await node.Queue.FindAsync(id, Ct);
        Assert.NotNull(message);
        await using var stream = await node.Queue.OpenContentAsync(message, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
