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
/// A queued byte takes more than one byte of file (a 4 KB message fills most of an 8 KB page, plus indexes and the
/// seal added later: about 2.75 bytes each, measured with 100,000), so queued mail counts <see cref="FilePerQueuedByte"/>
/// times: the schedule waits until the queue has mostly drained, when the copy is small and the pause short, and a
/// compaction made while mail was still queued does not mistake that mail's overhead for lasting data (it did, and
/// then never compacted again once the queue was empty).
/// </summary>
internal sealed class LiteDbCompactor(IServiceProvider services, IOptions<StoreSelectionOptions> provider,
    IOptions<CompactionOptions> options, TimeProvider time, ILogger<LiteDbCompactor> logger) : BackgroundService, IStoreCompaction
{
    internal const double FilePerQueuedByte = 3;
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
            _baseline = Math.Max(0, done.BytesAfter - (long)(FilePerQueuedByte * queued));
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
        var live = FilePerQueuedByte * QueuedBytes + _baseline;
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
