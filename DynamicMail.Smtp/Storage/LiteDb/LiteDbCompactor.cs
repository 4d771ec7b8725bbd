using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Compacts the store when the file has grown well past what it holds: every <c>Interval</c> it compares the file
/// with the live data (queued bytes, or the size the last compaction left, whichever is larger). One at a time.
/// </summary>
internal sealed class LiteDbCompactor(LiteDbStore store, IMailQueue queue, IOptions<CompactionOptions> options, TimeProvider time,
    ILogger<LiteDbCompactor> logger) : BackgroundService, IStoreCompaction
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private long _lastAfter;

    /// <summary>Raised after every compaction, scheduled or asked for.</summary>
    public event Action<StoreCompaction>? Compacted;

    public async Task<StoreCompaction> CompactAsync(CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var done = await store.CompactAsync().ConfigureAwait(false);
            _lastAfter = done.BytesAfter;
            Compacted?.Invoke(done);
            return done;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>True when the file is at least the minimum and <c>Ratio</c> times the live data.</summary>
    internal bool Due(long fileBytes)
    {
        var live = Math.Max(_lastAfter, queue.SummarizeAll().Values.Sum(s => s.Bytes));
        return fileBytes >= options.Value.MinFileBytes && fileBytes > options.Value.Ratio * live;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken).ConfigureAwait(false);
                if (Due(store.FileBytes))
                {
                    await CompactAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Compacting the store failed; trying again in {Interval}", options.Value.Interval);
            }
        }
    }

    public override void Dispose()
    {
        _one.Dispose();
        base.Dispose();
    }
}
