using DynamicMail.Smtp.Queue;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Online compaction. LiteDB never gives pages back to the file system, so after 100,000 messages have come and
/// gone the file stays at its peak. While the writer is paused (writes wait, reads go on) the live documents and
/// their indexes are copied into a new file, which is fsynced and renamed over the old one; then the store is
/// reopened on it (the new, empty log takes the old one's name too). Both logs are empty when the files are renamed,
/// so a crash at any point leaves either the old file or the complete new one, never a log replayed into the other. The old engine is closed a little later,
/// so a read that was running on it finishes.
/// </summary>
internal sealed partial class LiteDbStore
{
    private static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(30);
    private const int CopyBatch = 2000;

    /// <summary>Rewrites the store into a file holding only live data; returns the sizes and the pause.</summary>
    public async Task<StoreCompaction> CompactAsync()
    {
        (long Before, long After) sizes = default;
        TimeSpan pause;
        await _dataFileInUse.WaitAsync().ConfigureAwait(false);
        try
        {
            pause = await PauseAsync(store => sizes = store.Compact(), "Compacting the store").ConfigureAwait(false);
        }
        finally
        {
            _dataFileInUse.Release();
        }
        _logger.LogInformation("Store compacted from {Before} to {After} bytes; writes paused {PauseMs} ms",
            sizes.Before, sizes.After, (long)pause.TotalMilliseconds);
        return new StoreCompaction(sizes.Before, sizes.After, pause);
    }

    /// <summary>Size of the data file on disk now (the log is emptied at each checkpoint).</summary>
    public long FileBytes => new FileInfo(FilePath).Length;

    private (long Before, long After) Compact()
    {
        EnsureOpen();
        Database.Checkpoint();
        EmptyLog();
        var before = _data.Length;
        var newData = FilePath + ".compact";
        var newLog = FilePath + ".compact-log";
        File.Delete(newData);
        File.Delete(newLog);
        WriteCopy(newData, newLog);
        File.Move(newData, FilePath, overwrite: true);
        File.Move(newLog, LogPath, overwrite: true); // both logs are empty: a new name, so the old handle's lock stays behind

        DirectorySync.Fsync(Path.GetDirectoryName(FilePath)!);
        Retire(_database, _data, _log);
        (_database, _data, _log) = Open();
        return (before, _data.Length);
    }

    /// <summary>After a checkpoint the log holds nothing the data file lacks; make sure it is empty on disk.</summary>
    private void EmptyLog()
    {
        _data.Flush(flushToDisk: true);
        if (_log.Length > 0)
        {
            _log.SetLength(0);
        }
        _log.Flush(flushToDisk: true);
    }

    private void WriteCopy(string dataPath, string logPath)
    {
        using var data = _files.Open(dataPath);
        using var log = _files.Open(logPath);
        using (var target = new LiteDatabase(new LiteEngine(new EngineSettings { DataStream = data, LogStream = log }),
            StoreMapper.Create(), disposeOnClose: true))
        {
            foreach (var name in Database.GetCollectionNames().ToList())
            {
                CopyCollection(name, target);
            }
            target.Checkpoint();
        }
        data.Flush(flushToDisk: true);
        log.Flush(flushToDisk: true);
    }

    private void CopyCollection(string name, LiteDatabase target)
    {
        var into = target.GetCollection(name);
        into.InsertBulk(Database.GetCollection(name).FindAll(), CopyBatch);
        foreach (var index in Database.Execute("SELECT $ FROM $indexes").ToEnumerable().Select(v => v.AsDocument))
        {
            var indexName = index["name"].AsString;
            if (index["collection"].AsString == name && indexName != "_id")
            {
                into.EnsureIndex(indexName, BsonExpression.Create(index["expression"].AsString), index["unique"].AsBoolean);
            }
        }
    }

    /// <summary>Closes a replaced engine once reads that may still run on it have finished (or at dispose).</summary>
    private void Retire(LiteDatabase database, FileStream data, FileStream log)
    {
        var retired = new RetiredEngine(database, data, log);
        lock (_retired)
        {
            _retired.Add(retired);
        }
        retired.CloseAfter(RetireAfter);
    }

    private void CloseRetired()
    {
        lock (_retired)
        {
            _retired.ForEach(r => r.Close());
            _retired.Clear();
        }
    }

    private readonly List<RetiredEngine> _retired = [];

    private sealed class RetiredEngine(LiteDatabase database, FileStream data, FileStream log) : IDisposable
    {
        private Timer? _timer;
        private int _closed;

        public void CloseAfter(TimeSpan delay) => _timer = new Timer(_ => Close(), null, delay, Timeout.InfiniteTimeSpan);

        public void Dispose() => Close();

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
            {
                return;
            }
            _timer?.Dispose();
            try { database.Dispose(); }
            catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException) { }
            data.Dispose();
            log.Dispose();
        }
    }
}
