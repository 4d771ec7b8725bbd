namespace DynamicMail.Smtp.Ingest;

/// <summary>Whether the store's disk has room for one more message of the largest size.</summary>
internal sealed class FreeSpace(string directory, long minFreeBytes)
{
    public bool HasRoom()
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace >= minFreeBytes;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
