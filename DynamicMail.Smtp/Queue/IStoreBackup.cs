namespace DynamicMail.Smtp.Queue;

/// <summary>A consistent copy of the store and the spool while the service runs and accepts mail.</summary>
public interface IStoreBackup
{
    /// <summary>Writes the copy into <paramref name="folder"/> (absolute; created, or empty).</summary>
    /// <exception cref="ArgumentException">The folder is relative, inside the data folder, or not empty.</exception>
    Task<BackupReport> BackupAsync(string folder, CancellationToken cancellationToken = default);
}

/// <summary>What a backup wrote, and how long the store's writer was paused for it.</summary>
public sealed record BackupReport(string Folder, long Bytes, int SpoolFiles, TimeSpan Pause, DateTime At);
