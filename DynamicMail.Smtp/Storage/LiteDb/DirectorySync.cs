using System.Runtime.InteropServices;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>fsync of a directory, so a new file's name is as durable as its bytes (POSIX only).</summary>
internal static partial class DirectorySync
{
    public static void Fsync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        var fd = Open(directory, 0);
        if (fd < 0)
        {
            return;
        }
        try
        {
            _ = FsyncFd(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FsyncFd(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
