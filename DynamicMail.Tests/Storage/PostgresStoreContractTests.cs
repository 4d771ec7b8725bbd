using System.Collections.Concurrent;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage;
using DynamicMail.Smtp.Storage.Postgres;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DynamicMail.Tests.Storage;

/// <summary>The store contract on PostgreSQL: a database of its own in the run's throwaway cluster.</summary>
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : StoreContract
{
    private string? _connectionString;

    public override async ValueTask InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    protected override void AddStore(IServiceCollection services)
    {
        services.AddSingleton(Options.Create(new StoreSelectionOptions
        {
            Provider = StoreProvider.Postgres,
            ConnectionString = _connectionString,
            NodeId = "contract-node",
        }));
        services.AddPostgresStorage();
    }

    /// <summary>
    /// #19: a node killed while delivering held leases for 10 minutes, so the survivor could not deliver that mail
    /// until they ran out. Now every heartbeat gives back the leases of nodes whose own heartbeat stopped (and only theirs).
    /// </summary>
    [Fact]
    public async Task LeasesOfADeadNode_AreGivenBackAtTheNextBeat_ALiveNodesAreKept()
    {
        var orphaned = await EnqueueAsync(subject: "leased by a node that died");
        var kept = await EnqueueAsync(subject: "leased by a live node");
        Assert.Equal(2, (await Queue.ClaimAsync("xyz.com", "worker-1", 10, TimeSpan.FromMinutes(10))).Count);
        await using (var sql = NpgsqlDataSource.Create(_connectionString!))
        {
            await using var batch = sql.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO nodes (id, address, started_at, heartbeat) VALUES ('live-node', 'b', now(), now())"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO nodes (id, address, started_at, heartbeat) VALUES ('dead-node', 'a', now() - interval '1 hour', now() - interval '11 seconds')"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"UPDATE messages SET leased_by = 'dead-node' WHERE id = '{orphaned.Id}'"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"UPDATE messages SET leased_by = 'live-node' WHERE id = '{kept.Id}'"));
            await batch.ExecuteNonQueryAsync(Ct);
        }
        var heard = new ConcurrentQueue<QueueChanged>();
        using var _ = Get<IMailEvents>().Subscribe(e => { if (e is QueueChanged q) { heard.Enqueue(q); } });

        Assert.Equal(1, await Get<PostgresMailQueue>().ReleaseLeasesOfDeadNodesAsync());

        var reclaimed = await Queue.ClaimAsync("xyz.com", "worker-2", 10, TimeSpan.FromMinutes(10));
        Assert.Equal(orphaned.Id, Assert.Single(reclaimed).Id);
        Assert.Equal(orphaned.Id, Assert.Single(heard).MessageId);
        Assert.Equal(0, await Get<PostgresMailQueue>().ReleaseLeasesOfDeadNodesAsync());
    }

    /// <summary>#19 group commit: 20 sessions finishing DATA at once share transactions (rows of one transaction share
    /// its <c>xmin</c>), instead of one commit and one WAL flush each.</summary>
    [Fact]
    public async Task TwentyConcurrentEnqueues_ShareTransactions()
    {
        var commits = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var instrument = Get<DynamicMail.Smtp.Telemetry.MailMetrics>().StoreCommit;
        listener.InstrumentPublished = (i, l) => { if (ReferenceEquals(i, instrument)) { l.EnableMeasurementEvents(i); } };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref commits));
        listener.Start();

        var queued = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => EnqueueAsync(subject: $"group {i}"), Ct)));

        await using var sql = NpgsqlDataSource.Create(_connectionString!);
        await using var cmd = sql.CreateCommand("SELECT count(*), count(DISTINCT xmin::text) FROM messages");
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal(queued.Length, reader.GetInt64(0));
        var transactions = reader.GetInt64(1);
        Assert.True(transactions <= queued.Length / 2, $"{queued.Length} messages took {transactions} transactions");
        Assert.Equal(transactions, Volatile.Read(ref commits)); // each grouped commit is timed (dynamicmail.store.commit.duration)
    }
}
