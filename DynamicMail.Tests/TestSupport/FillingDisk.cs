using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.TestSupport;

/// <summary>The store's real files, whose writes fail with ENOSPC while <see cref="Full"/> is set.</summary>
internal sealed class FillingDisk : IStoreFiles
{
    public volatile bool Full;

    /// <summary>Every write fails as on a file system remounted read-only (EROFS). A test runs as root, so taking
    /// the folder's write permission away would not stop it; the file system's answer is what the store sees.</summary>
    public volatile bool ReadOnly;

    public FileStream Open(string path) => new FillingFile(path, this);

    private sealed class FillingFile(string path, FillingDisk disk) : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 8192)
    {
        // A derived FileStream routes every write (span ones too) through this overload.
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (disk.Full)
            {
                throw new IOException("No space left on device", 28);
            }
            if (disk.ReadOnly)
            {
                throw new IOException("Read-only file system", 30);
            }
            base.Write(buffer, offset, count);
        }

        public override void Flush() => Flush(flushToDisk: true);
    }
}
