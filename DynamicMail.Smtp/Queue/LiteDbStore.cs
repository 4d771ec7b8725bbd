using System.Collections.Concurrent;
using System.Diagnostics;
using DynamicMail.Smtp.Telemetry;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// The one LiteDB database and its one writer thread. Writes queue up; the writer commits a batch in one
/// transaction, fsyncs the log once if any write in it asked for durability, then completes every waiter.
/// Reads go straight to <see cref="Database"/> from any thread.
/// </summary>
internal sealed partial class LiteDbStore : IStoreHealth, IDisposable
{
    private const int MaxBatch = 512;
    private readonly BlockingCollection<WriteOp> _ops = new();
    private readonly IDurableFlush _flush;
    private readonly IStoreFiles _files;
    private FileStream _data;
    private FileStream _log;
    private volatile LiteDatabase _database;
    private int _disposed;
    private readonly ILogger _logger;
    private readonly Thread _writer;
    private readonly MailMetrics? _metrics;

    public LiteDbStore(string directory, IDurableFlush flush, IStoreFiles files, ILogger<LiteDbStore> logger, MailMetrics? metrics = null)
    {
        _metrics = metrics;
        _flush = flush;
        _files = files;
        _logger = logger;
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "dynamicmail.db");
        LogPath = Path.Combine(directory, "dynamicmail-log.db");
        (_database, _data, _log) = Open();
        _writer = new Thread(Run) { IsBackground = true, Name = "LiteDB writer" };
        _writer.Start();
    }

    public string FilePath { get; }
    private string LogPath { get; }

    /// <summary>The open database; after a failure it is replaced by a reopened one (see <see cref="Reopen"/>).</summary>
    public LiteDatabase Database => _database;

    /// <summary>Runs <paramref name="apply"/> on the writer thread inside a batch transaction.</summary>
    /// <param name="durable">Complete only after the log is on stable storage.</param>
    /// <param name="undo">Run when the commit succeeded but the flush failed, to take the write back.</param>
    public Task<T> WriteAsync<T>(Func<LiteDatabase, T> apply, bool durable, Action<LiteDatabase>? undo = null)
    {
        var op = new WriteOp<T>(apply, durable, undo);
        try
        {
            _ops.Add(op);
        }
        catch (InvalidOperationException)
        {
            throw new StoreUnavailableException("The store is shutting down.");
        }
        return op.Completion.Task;
    }

    public Task WriteAsync(Action<LiteDatabase> apply, bool durable, Action<LiteDatabase>? undo = null) =>
        WriteAsync(db => { apply(db); return true; }, durable, undo);

    private (LiteDatabase Database, FileStream Data, FileStream Log) Open()
    {
        var data = _files.Open(FilePath);
        FileStream? log = null;
        try
        {
            log = _files.Open(LogPath);
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log });
            return (new LiteDatabase(engine, StoreMapper.Create(), disposeOnClose: true), data, log);
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException)
        {
            data.Dispose();
            log?.Dispose();
            throw new InvalidOperationException($"The store '{FilePath}' cannot be opened: {ex.Message}", ex);
        }
    }

    private void Run()
    {
        var batch = new List<WriteOp>(MaxBatch);
        // Not GetConsumingEnumerable: its iterator keeps the last op (and a message's bytes) as Current while it waits.
        while (true)
        {
            if (!_ops.TryTake(out var first, Broken is null ? Timeout.Infinite : (int)RetryBroken.TotalMilliseconds))
            {
                if (_ops.IsCompleted) { return; }
                Probe();
                continue;
            }
            var paused = TakeBatch(first, batch);
            if (batch.Count > 0)
            {
                RunBatch(batch);
            }
            paused?.Run(this);
        }
    }

    /// <summary>Fills <paramref name="batch"/>; stops at a pause, which runs once the batch before it is committed.</summary>
    private PausedOp? TakeBatch(WriteOp first, List<WriteOp> batch)
    {
        batch.Clear();
        for (var op = first; ; )
        {
            if (op is PausedOp paused)
            {
                return paused;
            }
            batch.Add(op);
            if (batch.Count >= MaxBatch || !_ops.TryTake(out op!))
            {
                return null;
            }
        }
    }

    private void RunBatch(List<WriteOp> batch)
    {
        try
        {
            EnsureOpen();
            CommitBatch(batch);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Store writer failed a batch of {Count}", batch.Count);
            Failed(ex); // before anyone hears of the failure: health must already say so
            foreach (var op in batch)
            {
                op.Fail(new StoreUnavailableException("The store could not commit.", ex));
            }
        }
        finally
        {
            // Done ops hold their message bytes: let a 30 MB body go now, not when the next write comes.
            batch.Clear();
        }
    }

    private void CommitBatch(List<WriteOp> batch)
    {
        if (!TryCommitTogether(batch))
        {
            foreach (var op in batch)
            {
                TryCommitTogether([op]);
            }
        }
    }

    /// <summary>Applies ops in one transaction. False (and rolled back) when one of several threw.</summary>
    private bool TryCommitTogether(List<WriteOp> ops)
    {
        var started = Stopwatch.GetTimestamp();
        Database.BeginTrans();
        foreach (var op in ops)
        {
            try
            {
                op.Apply(Database);
            }
            catch (Exception ex) when (ops.Count > 1)
            {
                _logger.LogDebug(ex, "Batch write failed; retrying one by one");
                Database.Rollback();
                return false;
            }
            catch (Exception ex)
            {
                Database.Rollback();
                Failed(ex);
                op.Fail(ex);
                return true;
            }
        }
        Database.Commit();
        _metrics?.StoreCommit.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        FlushAndComplete(ops);
        return true;
    }

    private void FlushAndComplete(List<WriteOp> ops)
    {
        if (ops.Exists(o => o.Durable))
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                _flush.Flush(_log);
                _metrics?.StoreFlush.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Flushing the store log failed; taking back {Count} writes", ops.Count);
                Undo(ops);
                var failure = new StoreUnavailableException("The store could not flush to stable storage.", ex);
                Failed(ex);
                ops.ForEach(o => { if (o.Durable) { o.Fail(failure); } else { o.Succeed(); } });
                return;
            }
        }
        Succeeded(ops.Exists(o => o.Durable));
        ops.ForEach(o => o.Succeed());
    }

    private void Undo(List<WriteOp> ops)
    {
        try
        {
            Database.BeginTrans();
            ops.ForEach(o => { if (o.Durable) { o.Undo?.Invoke(Database); } });
            Database.Commit();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Taking back unflushed writes failed");
        }
    }

    public void Dispose()
    {
        // Registered both as itself and as IStoreHealth: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _ops.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(10));
        try
        {
            Database.Dispose();
        }
        catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
        {
            _logger.LogError(ex, "Closing the store failed");
        }
        _data.Dispose();
        _log.Dispose();
        _ops.Dispose();
    }

    private abstract class WriteOp(bool durable, Action<LiteDatabase>? undo)
    {
        public bool Durable { get; } = durable;
        public Action<LiteDatabase>? Undo { get; } = undo;
        public abstract void Apply(LiteDatabase db);
        public abstract void Succeed();
        public abstract void Fail(Exception ex);
    }

    private sealed class WriteOp<T>(Func<LiteDatabase, T> apply, bool durable, Action<LiteDatabase>? undo) : WriteOp(durable, undo)
    {
        private T _result = default!;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Apply(LiteDatabase db) => _result = apply(db);
        public override void Succeed() => Completion.TrySetResult(_result);
        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
