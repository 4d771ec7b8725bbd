using LiteDB;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Getting the store back after a failed write. LiteDB closes its engine for good on an I/O error (a full disk,
/// a file turned read-only), so before the next write a closed engine is reopened on the same files (LiteDB
/// replays the committed part of the log). After an I/O failure the store reports itself broken until a durable
/// write has succeeded again: the next real one, or a small probe write the writer makes every few seconds.
/// </summary>
internal sealed partial class LiteDbStore
{
    private const string ProbeCollection = "store_probe";
    private static readonly TimeSpan RetryBroken = TimeSpan.FromSeconds(5);
    private volatile Exception? _broken;

    /// <summary>Why the store cannot write now; null when it is healthy.</summary>
    public Exception? Broken => _broken;

    public string? Problem => _broken is { } broken ? $"The store cannot write: {broken.Message}" : null;

    /// <summary>A write failed: an I/O failure (or a closed engine) marks the store broken.</summary>
    private void Failed(Exception failure)
    {
        if (IsIoFault(failure) || !EngineUsable())
        {
            _broken ??= failure;
        }
    }

    private void Succeeded(bool durable)
    {
        if (durable && _broken is not null)
        {
            _broken = null;
            _logger.LogWarning("The store accepts writes again");
        }
    }

    /// <summary>When broken: a durable write of one tiny document, to learn whether the cause is gone.</summary>
    private void Probe()
    {
        try
        {
            EnsureOpen();
            Database.BeginTrans();
            Database.GetCollection(ProbeCollection).Upsert(new BsonDocument { ["_id"] = 1, ["at"] = DateTime.UtcNow });
            Database.Commit();
            _flush.Flush(_log);
            Succeeded(durable: true);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The store still cannot write; retrying in {Delay}", RetryBroken);
            TryRollback();
        }
    }

    /// <summary>Reopens the files when the engine has closed itself; throws when that fails.</summary>
    private void EnsureOpen()
    {
        if (_broken is null || EngineUsable())
        {
            return;
        }
        _logger.LogWarning("The store engine closed after a failure; reopening it");
        CloseQuietly();
        (_database, _data, _log) = Open();
    }

    private bool EngineUsable()
    {
        try
        {
            Database.BeginTrans();
            Database.Rollback();
            return true;
        }
        catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void TryRollback()
    {
        try { Database.Rollback(); }
        catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException) { }
    }

    private static bool IsIoFault(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                return true;
            }
        }
        return false;
    }

    private void CloseQuietly()
    {
        // Only a failed engine leaves transactions behind (see AbandonedTransactions).
        if (_broken is not null && AbandonedTransactions.Forget(_database) is > 0 and var abandoned)
        {
            _logger.LogWarning("The failed store engine left {Count} transactions open; they are dropped", abandoned);
        }
        try
        {
            _database.Dispose();
        }
        catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
        {
            _logger.LogError(ex, "Closing the store failed");
        }
        _data.Dispose();
        _log.Dispose();
    }
}
