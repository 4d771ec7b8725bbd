using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// The one ageing loop: reads only messages whose indexed deadline has come (refusals to report, delay warnings,
/// expiry), settles each with its DSNs in one durable commit, then sleeps until the next deadline or a refusal.
/// </summary>
internal sealed class AgeingWorker(
    IMailQueue queue, AgeingSchedule schedule, DsnComposer composer, IMailEvents events, TimeProvider time, ILogger<AgeingWorker> logger)
    : BackgroundService
{
    private const int Batch = 200;
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);
    private readonly WorkSignal _signal = new();
    private long _wakeAtTicks = DateTime.MaxValue.Ticks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            // A refusal is reported at once; new mail only matters when its first deadline precedes the planned wake-up.
            if (e is RecipientFailed { Permanent: true }
                || (e is MessageQueued && e.At + schedule.FirstDeadlineAfterArrival < new DateTime(Interlocked.Read(ref _wakeAtTicks), DateTimeKind.Utc)))
            {
                _signal.Pulse();
            }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = _signal.Next;
            var now = time.GetUtcNow().UtcDateTime;
            var due = queue.DueForAgeing(now, Batch);
            var progress = 0;
            foreach (var message in due)
            {
                progress += await ProcessAsync(message, now).ConfigureAwait(false) ? 1 : 0;
            }
            if (due.Count == Batch && progress > 0)
            {
                continue;
            }
            var next = queue.NextDeadline();
            var wait = next is { } n ? n - time.GetUtcNow().UtcDateTime : MaxSleep;
            // A deadline that is already due but made no progress (a race with delivery) is looked at again shortly.
            wait = wait < TimeSpan.FromSeconds(1) && progress == 0 ? TimeSpan.FromSeconds(1) : wait;
            wait = Clamp(wait);
            Interlocked.Exchange(ref _wakeAtTicks, (time.GetUtcNow().UtcDateTime + wait).Ticks);
            await WorkSignal.WaitAsync(pulse, wait, time, stoppingToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _wakeAtTicks, DateTime.MinValue.Ticks);
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > MaxSleep ? MaxSleep : wait;

    /// <summary>Settles one message; false when nothing changed. One bad message never stops the loop.</summary>
    private async Task<bool> ProcessAsync(QueuedMessage message, DateTime now)
    {
        try
        {
            var plan = AgeingPlanner.Plan(message, now, schedule);
            var (settlement, notices) = composer.Compose(message, plan);
            if (!await queue.SettleAsync(settlement).ConfigureAwait(false))
            {
                logger.LogDebug("Message {MessageId} changed while it was being settled; it is looked at again", message.Id);
                return false;
            }
            foreach (var notice in notices)
            {
                events.Publish(notice);
            }
            return !plan.IsEmpty || message.DelayWarningsSent != plan.DelayWarningsSent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Ageing message {MessageId} failed", message.Id);
            return false;
        }
    }
}
