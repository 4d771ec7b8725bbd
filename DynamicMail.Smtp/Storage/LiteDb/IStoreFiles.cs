namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Opens the store's files. A seam only so a disk that fills can be simulated at the file layer.</summary>
internal interface IStoreFiles
{
    FileStream Open(string path);
}

/// <summary>The real files: <see cref="DurableFileStream"/>, whose flush is an fsync, opened exclusively.</summary>
internal sealed class DurableStoreFiles : IStoreFiles
{
    public FileStream Open(string path) => new DurableFileStream(path);
}
