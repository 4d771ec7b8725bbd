namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Forces written bytes to stable storage. A seam only so a failing disk can be simulated.</summary>
internal interface IDurableFlush
{
    void Flush(FileStream file);
}

/// <summary>fsync through <see cref="FileStream.Flush(bool)"/>.</summary>
internal sealed class FsyncFlush : IDurableFlush
{
    public void Flush(FileStream file) => file.Flush(flushToDisk: true);
}
