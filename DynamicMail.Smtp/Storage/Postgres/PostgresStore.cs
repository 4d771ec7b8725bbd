using System.Diagnostics;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// The PostgreSQL store of one node: its connection pool, its node id, the schema brought up to date when it opens,
/// and the ways adapters talk to the database (a transaction, a read, or a grouped commit; see the Writer part).
/// </summary>
internal sealed partial class PostgresStore : IStoreHealth, IAsyncDisposable
{
    private readonly ILogger<PostgresStore> _logger;
    private readonly MailMetrics? _metrics;
    private volatile string? _problem;

    public PostgresStore(IOptions<StoreSelectionOptions> options, ILogger<PostgresStore> logger, MailMetrics? metrics = null)
    {
        _logger = logger;
        _metrics = metrics;
        NodeId = options.Value.EffectiveNodeId;
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Enlist = false };
        Source = NpgsqlDataSource.Create(builder.ConnectionString);
        // Once, at start-up, before any adapter reads (as the LiteDB store opens its file in its constructor).
        PostgresSchema.MigrateAsync(Source, logger).GetAwaiter().GetResult();
        _writer = Task.Run(WriteLoopAsync);
    }

    public NpgsqlDataSource Source { get; }

    /// <summary>This node's name in leases, presence and notifications.</summary>
    public string NodeId { get; }

    public string? Problem => _problem;

    /// <summary>Records whether the last round trip to the database worked (for the health check).</summary>
    internal void Report(Exception? failure) =>
        _problem = failure is null ? null : "PostgreSQL cannot be reached or refused a write: " + failure.Message;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it. Not <paramref name="durable"/>: the commit
    /// returns before its WAL is flushed (synchronous_commit off for this transaction only) — for changes whose loss
    /// in a crash repeats work but loses nothing (leases, outcomes that lead to a redelivery at worst).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, bool durable = true,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await using var conn = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (!durable)
            {
                await using var relax = new NpgsqlCommand("SET LOCAL synchronous_commit = off", conn, tx);
                await relax.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            var result = await work(conn, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            Report(null);
            return result;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            Report(ex);
            throw new StoreUnavailableException("PostgreSQL is unreachable: " + ex.Message, ex);
        }
    }

    public Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, bool durable = true) =>
        InTransactionAsync(async (c, t) =>
        {
            await work(c, t).ConfigureAwait(false);
            return true;
        }, durable);

    /// <summary>Runs a read on a pooled connection.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        await using var conn = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await read(conn).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await Source.DisposeAsync().ConfigureAwait(false);
    }
}
