using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Online backup: the store's writer is paused between two batches while the database is checkpointed and copied
/// and every spool file gets a hard link (instant, same disk); then writes resume and the linked spool files, the
/// data-protection keys and the generated certificate are copied at leisure. Spool files are write-once, so a
/// link taken during the pause holds exactly the bytes the copied database refers to, even if the message leaves.
/// </summary>
internal sealed class StoreBackup(LiteDbStore store, MessageBodyStore bodies, IOptions<StoreOptions> options, TimeProvider time,
    ILogger<StoreBackup> logger) : IStoreBackup, IDisposable
{
    private readonly string _data = Path.GetFullPath(options.Value.DataDirectory);
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<BackupReport> BackupAsync(string folder, CancellationToken cancellationToken = default)
    {
        var target = Check(folder);
        if (!await _one.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("A backup is already running.");
        }
        var staging = Path.Combine(_data, ".backup-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(target);
            var pause = await store.SnapshotAsync(target, () => LinkSpool(staging)).ConfigureAwait(false);
            var spooled = MoveAll(staging, Path.Combine(target, "spool"));
            MoveAll(CopyOf(Path.Combine(_data, "keys")), Path.Combine(target, "keys"));
            MoveAll(CopyOf(Path.Combine(_data, "tls")), Path.Combine(target, "tls"));
            MoveAll(CopyOf(Path.Combine(_data, "arc")), Path.Combine(target, "arc")); // the ARC key its DNS record publishes
            DirectorySync.Fsync(target);
            var bytes = new DirectoryInfo(target).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            logger.LogInformation("Backup written to {Folder}: {Bytes} bytes, {SpoolFiles} spool files; writes paused {PauseMs} ms",
                target, bytes, spooled, (long)pause.TotalMilliseconds);
            return new BackupReport(target, bytes, spooled, pause, time.GetUtcNow().UtcDateTime);
        }
        finally
        {
            DeleteQuietly(staging);
            _one.Release();
        }
    }

    /// <summary>Absolute, outside the data folder, and new or empty.</summary>
    private string Check(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder) || !Path.IsPathFullyQualified(folder))
        {
            throw new ArgumentException("The backup folder must be an absolute path.", nameof(folder));
        }
        var target = Path.GetFullPath(folder);
        if ((target + Path.DirectorySeparatorChar).StartsWith(_data + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The backup folder must be outside the data folder {_data}.", nameof(folder));
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new ArgumentException($"The backup folder {target} is not empty.", nameof(folder));
        }
        return target;
    }

    /// <summary>Runs while writes are paused: a second name for every spool file, so none can vanish before it is copied.</summary>
    private void LinkSpool(string staging)
    {
        Directory.CreateDirectory(staging);
        foreach (var id in bodies.SpooledIds())
        {
            var source = Path.Combine(bodies.SpoolDirectory, id + ".eml");
            var link = Path.Combine(staging, id + ".eml");
            if (!HardLink.TryCreate(source, link))
            {
                File.Copy(source, link);
            }
        }
    }

    /// <summary>A copy of a small folder next to the store (so moving it is cheap); null when it does not exist.</summary>
    private string? CopyOf(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        var copy = Path.Combine(_data, ".backup-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        return copy;
    }

    /// <summary>Moves every file of <paramref name="from"/> into <paramref name="to"/> (copying across disks), fsynced.</summary>
    private int MoveAll(string? from, string to)
    {
        if (from is null || !Directory.Exists(from))
        {
            return 0;
        }
        Directory.CreateDirectory(to);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Move(file, target);
            using (var written = new FileStream(target, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }
            count++;
        }
        DirectorySync.Fsync(to);
        DeleteQuietly(from);
        return count;
    }

    private void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not remove the backup staging folder {Folder}", folder);
        }
    }

    public void Dispose() => _one.Dispose();
}
