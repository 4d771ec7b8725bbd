using System.Collections.Concurrent;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Telemetry;
using LiteDB.Engine;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// The one LiteDB database and its one writer thread. Writes queue up; the writer commits a batch in one
/// transaction, fsyncs the log once if any write in it asked for durability, then completes every waiter.
/// Reads go straight to <see cref="Database"/> from any thread.
/// </summary>
internal sealed partial class LiteDbStore : IStoreHealth, IDisposable
{
    private const int MaxBatch = 512;
    private readonly BlockingCollection<WriteOp> _ops = new();
    private readonly IDurableFlush _flush;
    private readonly IStoreFiles _files;
    private FileStream _data;
    private FileStream _log;
    private volatile LiteDatabase _database;
    private int _disposed;
    private readonly ILogger _logger;
    private readonly Thread _writer;
    private readonly MailMetrics? _metrics;

    public LiteDbStore(string directory, IDurableFlush flush, IStoreFiles files, ILogger<LiteDbStore> logger, MailMetrics? metrics = null)
    {
        _metrics = metrics;
        _flush = flush;
        _files = files;
        _logger = logger;
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "dynamicmail.db");
        LogPath = Path.Combine(directory, "dynamicmail-log.db");
        (_database, _data, _log) = Open();
        CheckSchema();
        _writer = new Thread(Run) { IsBackground = true, Name = "LiteDB writer" };
        _writer.Start();
    }

    public string FilePath { get; }
    private string LogPath { get; }

    /// <summary>Refuses a store from a newer version (closing it untouched); stamps and flushes an older or new one.</summary>
    private void CheckSchema()
    {
        try
        {
            if (StoreSchema.Check(_database, FilePath, _logger))
            {
                _flush.Flush(_log);
            }
        }
        catch (InvalidOperationException)
        {
            CloseQuietly();
            throw;
        }
    }

    /// <summary>The open database; after a failure it is replaced by a reopened one (see <see cref="Reopen"/>).</summary>
    public LiteDatabase Database => _database;

    /// <summary>Runs <paramref name="apply"/> on the writer thread inside a batch transaction.</summary>
    /// <param name="durable">Complete only after the log is on stable storage.</param>
    /// <param name="undo">Run when the commit succeeded but the flush failed, to take the write back.</param>
    public Task<T> WriteAsync<T>(Func<LiteDatabase, T> apply, bool durable, Action<LiteDatabase>? undo = null)
    {
        var op = new WriteOp<T>(apply, durable, undo);
        try
        {
            _ops.Add(op);
        }
        catch (InvalidOperationException)
        {
            throw new StoreUnavailableException("The store is shutting down.");
        }
        return op.Completion.Task;
    }

    public Task WriteAsync(Action<LiteDatabase> apply, bool durable, Action<LiteDatabase>? undo = null) =>
        WriteAsync(db => { apply(db); return true; }, durable, undo);

    private (LiteDatabase Database, FileStream Data, FileStream Log) Open()
    {
        var data = _files.Open(FilePath);
        FileStream? log = null;
        try
        {
            log = _files.Open(LogPath);
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log });
            var database = new LiteDatabase(engine, StoreMapper.Create(), disposeOnClose: true);
            if (database.Pragma("CHECKPOINT").AsInt32 != AutoCheckpointPages)
            {
                database.Pragma("CHECKPOINT", AutoCheckpointPages); // a copy was cut short by a crash
            }
            return (database, data, log);
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException)
        {
            data.Dispose();
            log?.Dispose();
            throw new InvalidOperationException($"The store '{FilePath}' cannot be opened: {ex.Message}", ex);
        }
    }

    private void Undo(List<WriteOp> ops)
    {
        try
        {
            Database.BeginTrans();
            ops.ForEach(o => { if (o.Durable) { o.Undo?.Invoke(Database); } });
            Database.Commit();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Taking back unflushed writes failed");
        }
    }

    public void Dispose()
    {
        // Registered both as itself and as IStoreHealth: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _ops.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(10));
        CloseQuietly();
        CloseRetired();
        _ops.Dispose();
        _dataFileInUse.Dispose();
    }

    private abstract class WriteOp(bool durable, Action<LiteDatabase>? undo)
    {
        public bool Durable { get; } = durable;
        public Action<LiteDatabase>? Undo { get; } = undo;
        public abstract void Apply(LiteDatabase db);
        public abstract void Succeed();
        public abstract void Fail(Exception ex);
    }

    private sealed class WriteOp<T>(Func<LiteDatabase, T> apply, bool durable, Action<LiteDatabase>? undo) : WriteOp(durable, undo)
    {
        private T _result = default!;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Apply(LiteDatabase db) => _result = apply(db);
        public override void Succeed() => Completion.TrySetResult(_result);
        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
