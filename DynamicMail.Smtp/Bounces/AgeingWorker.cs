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
    private const int MaxFailures = 3;
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxStuckWait = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private int _stuckRounds;
    private readonly WorkSignal _signal = new();
    private long _wakeAtTicks = DateTime.MaxValue.Ticks;
    private readonly Lock _quietLock = new();
    private DateTime _quietUntil = DateTime.MinValue;

    /// <summary>
    /// Nothing is due before this time: every earlier deadline has been settled (its DSNs are in the outbox) and no
    /// mail came in since the last scan that could change that. What tests wait on before asserting that nothing
    /// (more) was sent; <see cref="DateTime.MinValue"/> while a scan is owed.
    /// </summary>
    public DateTime QuietUntil
    {
        get
        {
            lock (_quietLock)
            {
                return _quietUntil;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            // A refusal is reported at once; new mail only matters when its first deadline precedes the planned wake-up.
            if (e is RecipientFailed { Permanent: true }
                || (e is MessageQueued && e.At + schedule.FirstDeadlineAfterArrival(e.Domain) < new DateTime(Interlocked.Read(ref _wakeAtTicks), DateTimeKind.Utc)))
            {
                _signal.Pulse();
                lock (_quietLock)
                {
                    _quietUntil = DateTime.MinValue; // after the pulse: a scan that began before it cannot claim quiet
                }
            }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = _signal.Next;
            var now = time.GetUtcNow().UtcDateTime;
            var due = await queue.DueForAgeingAsync(now, Batch, stoppingToken).ConfigureAwait(false);
            var progress = 0;
            foreach (var message in due)
            {
                progress += await ProcessAsync(message, now).ConfigureAwait(false) ? 1 : 0;
            }
            if (due.Count == Batch && progress > 0)
            {
                continue;
            }
            var next = await queue.NextDeadlineAsync(stoppingToken).ConfigureAwait(false);
            _stuckRounds = due.Count > 0 && progress == 0 ? _stuckRounds + 1 : 0;
            var wakeAt = WakeAt(next, _stuckRounds);
            if (wakeAt is null)
            {
                continue;
            }
            Interlocked.Exchange(ref _wakeAtTicks, wakeAt.Value.Ticks);
            lock (_quietLock)
            {
                _quietUntil = _stuckRounds == 0 && !pulse.IsCompleted ? wakeAt.Value : DateTime.MinValue;
            }
            await WorkSignal.WaitUntilAsync(pulse, wakeAt.Value, time, stoppingToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _wakeAtTicks, DateTime.MinValue.Ticks);
        }
    }

    /// <summary>
    /// When to look again: at the next deadline (at most an hour away); null to go again at once because the clock
    /// has passed a deadline since the scan; when due messages made no progress (a race with delivery, a failing
    /// store), a second from now, doubling with each such round up to a minute.
    /// </summary>
    private DateTime? WakeAt(DateTime? next, int stuckRounds)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (stuckRounds > 0)
        {
            return now + TimeSpan.FromTicks(Math.Min(MaxStuckWait.Ticks, TimeSpan.TicksPerSecond << Math.Min(stuckRounds - 1, 10)));
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
            var (settlement, notices) = await composer.ComposeAsync(message, plan).ConfigureAwait(false);
            if (_failures.GetValueOrDefault(message.Id) >= MaxFailures && settlement.Outbound.Count > 0)
            {
                // Never retried for ever: the message's state moves on, without the DSNs the store would not take.
                logger.LogError("Dropped {Count} DSNs about {MessageId}: they could not be stored in {Failures} attempts",
                    settlement.Outbound.Count, message.Id, MaxFailures);
                settlement = settlement with { Outbound = [] };
            }
            if (!await queue.SettleAsync(settlement).ConfigureAwait(false))
            {
                logger.LogDebug("Message {MessageId} changed while it was being settled; it is looked at again", message.Id);
                return false;
            }
            _failures.Remove(message.Id);
            foreach (var notice in notices)
            {
                events.Publish(notice);
            }
            return !plan.IsEmpty || message.DelayWarningsSent != plan.DelayWarningsSent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failures = _failures[message.Id] = _failures.GetValueOrDefault(message.Id) + 1;
            logger.LogError(ex, "Ageing message {MessageId} failed ({Failures} times)", message.Id, failures);
            return false;
        }
    }
}
