using System.Diagnostics;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// A consistent copy while mail keeps flowing. The copy starts like a write, between two batches: the log is
/// checkpointed into the data file and LiteDB's automatic checkpoints are turned off; from then on every commit goes
/// to the log only, so the data file stays exactly as it was at that moment while it is copied with positional reads
/// on the store's own handle (positional reads leave LiteDB's stream position alone). Writes wait only for the
/// checkpoint, not for the copy. Afterwards automatic checkpoints are turned on again (and at every open, in case
/// the process died during a copy). A compaction, which rewrites the data file, waits for a copy to finish.
/// </summary>
internal sealed partial class LiteDbStore
{
    private const int AutoCheckpointPages = 1000;
    private readonly SemaphoreSlim _dataFileInUse = new(1, 1);

    /// <summary>Copies the store into <paramref name="folder"/> as it was at a batch boundary; returns how long writes waited.</summary>
    /// <param name="whilePaused">Runs while writes wait (the spool's hard links, so they match the copy).</param>
    public async Task<TimeSpan> SnapshotAsync(string folder, Action whilePaused)
    {
        await _dataFileInUse.WaitAsync().ConfigureAwait(false);
        try
        {
            FileStream data = null!;
            try
            {
                var pause = await PauseAsync(store =>
                {
                    data = store.FreezeDataFile();
                    whilePaused();
                }, $"Copying the store to {folder}").ConfigureAwait(false);
                await Task.Run(() => CopyByHandle(data, Path.Combine(folder, Path.GetFileName(FilePath)))).ConfigureAwait(false);
                return pause;
            }
            finally
            {
                await ResumeCheckpointsAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _dataFileInUse.Release();
        }
    }

    /// <summary>Runs <paramref name="run"/> on the writer thread between two batches; returns how long writes waited.</summary>
    private Task<TimeSpan> PauseAsync(Action<LiteDbStore> run, string what)
    {
        var op = new PausedOp(run, what);
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

    private async Task ResumeCheckpointsAsync()
    {
        try
        {
            await SetAutoCheckpointAsync(AutoCheckpointPages).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Automatic checkpoints could not be turned on again; the next start does it");
        }
    }

    /// <summary>A pragma cannot change inside a transaction: it runs between two batches.</summary>
    internal Task SetAutoCheckpointAsync(int pages) =>
        PauseAsync(store => store.Database.Pragma("CHECKPOINT", pages), "Setting automatic checkpoints");

    /// <summary>Checkpoints and stops automatic checkpoints: until they resume, the data file does not change.</summary>
    private FileStream FreezeDataFile()
    {
        EnsureOpen();
        Database.Checkpoint();
        _data.Flush(flushToDisk: true);
        Database.Pragma("CHECKPOINT", 0);
        return _data;
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

    private sealed class PausedOp(Action<LiteDbStore> run, string what) : WriteOp(durable: false, undo: null)
    {
        public TaskCompletionSource<TimeSpan> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(LiteDbStore store)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                run(store);
                Completion.TrySetResult(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex)
            {
                store._logger.LogError(ex, "{Work} failed", what);
                Completion.TrySetException(ex);
            }
        }

        public override void Apply(LiteDB.LiteDatabase db) => throw new InvalidOperationException("A pause is not a write.");
        public override void Succeed() { }
        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
