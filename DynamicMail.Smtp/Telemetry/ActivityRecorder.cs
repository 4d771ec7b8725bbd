using DynamicMail.Smtp.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// Keeps the dashboard's history: counts accepted and delivered mail per minute and notes when domains were last
/// online (coming online and going offline, by session page or ODMR), and saves what changed every few seconds and at shutdown (a crash loses at most that interval).
/// </summary>
internal sealed class ActivityRecorder(IMailEvents events, IActivityStore history, TimeProvider time, ILogger<ActivityRecorder> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private Dictionary<string, DateTime> _connected = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<long, (int Accepted, int Delivered)> _minutes = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(On);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SaveAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await SaveAsync().ConfigureAwait(false);
    }

    private void On(MailEvent e)
    {
        switch (e)
        {
            case MessageQueued: Count(e.At, 1, 0); break;
            case RecipientDelivered: Count(e.At, 0, 1); break;
            case PresenceChanged or OdmrSessionChanged:
                // Going offline counts too: "last online" of a customer who stayed ten hours is when they left.
                lock (_gate) { _connected[e.Domain] = e.At; }
                break;
        }
    }

    private void Count(DateTime at, int accepted, int delivered)
    {
        var minute = at.Ticks / TimeSpan.TicksPerMinute;
        lock (_gate)
        {
            var (a, d) = _minutes.GetValueOrDefault(minute);
            _minutes[minute] = (a + accepted, d + delivered);
        }
    }

    private async Task SaveAsync()
    {
        Dictionary<string, DateTime> connected;
        Dictionary<long, (int, int)> minutes;
        lock (_gate)
        {
            if (_connected.Count == 0 && _minutes.Count == 0)
            {
                return;
            }
            (connected, _connected) = (_connected, new(StringComparer.OrdinalIgnoreCase));
            (minutes, _minutes) = (_minutes, []);
        }
        try
        {
            await history.SaveAsync(connected, minutes, time.GetUtcNow().UtcDateTime).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Saving the dashboard history failed; {Minutes} minutes of counts are lost", minutes.Count);
        }
    }
}
