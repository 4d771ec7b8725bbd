using System.Diagnostics;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// The writer thread's loop: take a batch, commit it in one transaction, fsync once if any write asked for
/// durability, complete every waiter; a pause (backup) runs between two batches.
/// </summary>
internal sealed partial class LiteDbStore
{
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
}
