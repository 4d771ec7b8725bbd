using System.Runtime.InteropServices;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>A second name for a file (POSIX link(2)); false where that is not possible, so the caller copies.</summary>
internal static partial class HardLink
{
    public static bool TryCreate(string existing, string link) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Link(existing, link) == 0;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string link);
}
