using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Compacts the store when the file has grown well past what it holds: every <c>Interval</c> it compares the file
/// with the live data: the queued bytes, plus what the last compaction left beyond the mail then queued (accounts,
/// audit, history), so that data alone never makes it compact again and again. One at a time.
/// </summary>
internal sealed class LiteDbCompactor(IServiceProvider services, IOptions<StoreSelectionOptions> provider,
    IOptions<CompactionOptions> options, TimeProvider time, ILogger<LiteDbCompactor> logger) : BackgroundService, IStoreCompaction
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private long _baseline;

    /// <summary>Raised after every compaction, scheduled or asked for.</summary>
    public event Action<StoreCompaction>? Compacted;

    /// <summary>Only the embedded store needs it (the store is opened only when it is the configured one).</summary>
    public bool Available => provider.Value.Provider == StoreProvider.LiteDb;

    private LiteDbStore Store => services.GetRequiredService<LiteDbStore>();

    public async Task<StoreCompaction> CompactAsync(CancellationToken cancellationToken = default)
    {
        if (!Available)
        {
            throw new NotSupportedException("This store gives space back by itself (PostgreSQL: autovacuum).");
        }
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var queued = QueuedBytes;
            var done = await Store.CompactAsync().ConfigureAwait(false);
            _baseline = Math.Max(0, done.BytesAfter - queued);
            Compacted?.Invoke(done);
            return done;
        }
        finally
        {
            _one.Release();
        }
    }

    private long QueuedBytes => services.GetRequiredService<IMailQueue>().SummarizeAll().Values.Sum(s => s.Bytes);

    /// <summary>True when the file is at least the minimum and <c>Ratio</c> times the live data.</summary>
    internal bool Due(long fileBytes)
    {
        var live = QueuedBytes + _baseline;
        return fileBytes >= options.Value.MinFileBytes && fileBytes > options.Value.Ratio * live;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !Available)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken).ConfigureAwait(false);
                if (Due(Store.FileBytes))
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
