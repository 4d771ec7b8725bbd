using System.Globalization;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Whether the store's disk has room for one more message of the largest size.</summary>
internal sealed class FreeSpace(string directory, long minFreeBytes) : IDiskHealth
{
    public bool HasRoom() => FreeBytes() is not { } free || free >= minFreeBytes;

    /// <summary>Free bytes on the store's disk; null when the disk cannot be asked.</summary>
    public long? FreeBytes()
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public string? Problem => FreeBytes() is { } free && free < minFreeBytes
        ? string.Create(CultureInfo.InvariantCulture,
            $"Free disk space for the store is {free} bytes, below DynamicMail:Queue:MinFreeBytes ({minFreeBytes}).")
        : null;
}
