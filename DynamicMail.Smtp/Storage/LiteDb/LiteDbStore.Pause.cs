using System.Diagnostics;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Pausing the single writer for a consistent copy: the pause is queued like a write, so it runs between two
/// batches; while it runs nothing commits (writes wait in the queue, reads go on). It checkpoints the log into the
/// data file, copies both files with positional reads on the store's own handles (they are opened exclusively,
/// and positional reads leave LiteDB's stream positions alone), then runs <c>whilePaused</c>.
/// </summary>
internal sealed partial class LiteDbStore
{
    /// <summary>Copies the store into <paramref name="folder"/> at a batch boundary; returns how long writes were paused.</summary>
    public Task<TimeSpan> SnapshotAsync(string folder, Action whilePaused)
    {
        var op = new PausedOp(folder, whilePaused);
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

    private void Snapshot(string folder)
    {
        EnsureOpen();
        Database.Checkpoint();
        _data.Flush(flushToDisk: true);
        _log.Flush(flushToDisk: true);
        CopyByHandle(_data, Path.Combine(folder, Path.GetFileName(FilePath)));
        CopyByHandle(_log, Path.Combine(folder, Path.GetFileName(LogPath)));
    }

    private static void CopyByHandle(FileStream source, string target)
    {
        var handle = source.SafeFileHandle;
        var length = RandomAccess.GetLength(handle);
        var buffer = new byte[1024 * 1024];
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        for (long offset = 0; offset < length;)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (read == 0)
            {
                break;
            }
            output.Write(buffer, 0, read);
            offset += read;
        }
        output.Flush(flushToDisk: true);
    }

    private sealed class PausedOp(string folder, Action whilePaused) : WriteOp(durable: false, undo: null)
    {
        public TaskCompletionSource<TimeSpan> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(LiteDbStore store)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                store.Snapshot(folder);
                whilePaused();
                Completion.TrySetResult(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex)
            {
                store._logger.LogError(ex, "Copying the store to {Folder} failed", folder);
                Completion.TrySetException(ex);
            }
        }

        public override void Apply(LiteDB.LiteDatabase db) => throw new InvalidOperationException("A pause is not a write.");
        public override void Succeed() { }
        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
