namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// A file stream whose plain <see cref="Flush()"/> is an fsync. LiteDB calls <c>Flush()</c> on streams it was
/// given at checkpoints, just before it truncates the log: that must reach the disk.
/// Opened without sharing, so a second DynamicMail on the same data folder fails to start instead of corrupting it.
/// </summary>
internal sealed class DurableFileStream(string path) : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 8192)
{
    public override void Flush() => Flush(flushToDisk: true);
}
