using System.Collections.Concurrent;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// The one LiteDB database and its one writer thread. Writes queue up; the writer commits a batch in one
/// transaction, fsyncs the log once if any write in it asked for durability, then completes every waiter.
/// Reads go straight to <see cref="Database"/> from any thread.
/// </summary>
internal sealed class LiteDbStore : IDisposable
{
    private const int MaxBatch = 512;
    private readonly BlockingCollection<WriteOp> _ops = new();
    private readonly DurableFileStream _data;
    private readonly DurableFileStream _log;
    private readonly IDurableFlush _flush;
    private readonly ILogger _logger;
    private readonly Thread _writer;

    public LiteDbStore(string directory, IDurableFlush flush, ILogger<LiteDbStore> logger)
    {
        _flush = flush;
        _logger = logger;
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "dynamicmail.db");
        _data = new DurableFileStream(FilePath);
        _log = new DurableFileStream(Path.Combine(directory, "dynamicmail-log.db"));
        Database = Open(FilePath, _data, _log);
        _writer = new Thread(Run) { IsBackground = true, Name = "LiteDB writer" };
        _writer.Start();
    }

    public string FilePath { get; }
    public LiteDatabase Database { get; }

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

    private static LiteDatabase Open(string path, Stream data, Stream log)
    {
        try
        {
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log });
            return new LiteDatabase(engine, StoreMapper.Create(), disposeOnClose: true);
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException)
        {
            data.Dispose();
            log.Dispose();
            throw new InvalidOperationException($"The store '{path}' cannot be opened: {ex.Message}", ex);
        }
    }

    private void Run()
    {
        var batch = new List<WriteOp>(MaxBatch);
        // Not GetConsumingEnumerable: its iterator keeps the last op (and a message's bytes) as Current while it waits.
        while (_ops.TryTake(out var first, Timeout.Infinite))
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatch && _ops.TryTake(out var more))
            {
                batch.Add(more);
            }
            try
            {
                CommitBatch(batch);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Store writer failed a batch of {Count}", batch.Count);
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
                op.Fail(ex);
                return true;
            }
        }
        Database.Commit();
        FlushAndComplete(ops);
        return true;
    }

    private void FlushAndComplete(List<WriteOp> ops)
    {
        if (ops.Exists(o => o.Durable))
        {
            try
            {
                _flush.Flush(_log);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Flushing the store log failed; taking back {Count} writes", ops.Count);
                Undo(ops);
                var failure = new StoreUnavailableException("The store could not flush to stable storage.", ex);
                ops.ForEach(o => { if (o.Durable) { o.Fail(failure); } else { o.Succeed(); } });
                return;
            }
        }
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
        _ops.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(10));
        Database.Dispose();
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
