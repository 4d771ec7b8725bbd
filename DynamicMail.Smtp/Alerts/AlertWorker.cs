using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Alerts;

/// <summary>Runs the <see cref="AlertMonitor"/> every <see cref="AlertOptions.CheckEvery"/>, and at once when a delivery status or presence changes.</summary>
internal sealed class AlertWorker(AlertMonitor monitor, IMailEvents events, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWorker> logger)
    : BackgroundService
{
    /// <summary>The least time between two checks, however often statuses change (they change with every delivery).</summary>
    private static readonly TimeSpan MinGap = TimeSpan.FromSeconds(1);
    private readonly WorkSignal _signal = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            if (e is DeliveryStatusChanged or PresenceChanged) { _signal.Pulse(); }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = _signal.Next;
            try
            {
                await monitor.CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Checking the alert conditions failed");
            }
            await Task.Delay(MinGap, time, stoppingToken).ConfigureAwait(false);
            await WorkSignal.WaitUntilAsync(pulse, time.GetUtcNow().UtcDateTime + options.Value.CheckEvery - MinGap, time, stoppingToken).ConfigureAwait(false);
        }
    }
}
