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
            var wakeAt = WakeAt(next, due.Count > 0 && progress == 0);
            if (wakeAt is null)
            {
                continue;
            }
            Interlocked.Exchange(ref _wakeAtTicks, wakeAt.Value.Ticks);
            await WorkSignal.WaitUntilAsync(pulse, wakeAt.Value, time, stoppingToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _wakeAtTicks, DateTime.MinValue.Ticks);
        }
    }

    /// <summary>
    /// When to look again: at the next deadline (at most an hour away); null to go again at once because the clock
    /// has passed a deadline since the scan; a second from now when due messages made no progress (a race with delivery).
    /// </summary>
    private DateTime? WakeAt(DateTime? next, bool stuck)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (stuck)
        {
            return now + TimeSpan.FromSeconds(1);
        }
        if (next is { } n && n <= now)
        {
            return null;
        }
        return next is { } d && d - now < MaxSleep ? d : now + MaxSleep;
    }

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
