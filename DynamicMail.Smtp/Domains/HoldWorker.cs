using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Domains;

/// <summary>
/// Lifts every hold whose end has come (audited, announced as a domain change, so delivery starts at once), then
/// sleeps until the next end or a change of a domain; time through <see cref="TimeProvider"/>.
/// </summary>
internal sealed class HoldWorker(IDomainDirectory directory, IMailEvents events, TimeProvider time, ILogger<HoldWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(5);
    private readonly WorkSignal _signal = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            if (e is DomainChanged) { _signal.Pulse(); }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = _signal.Next;
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var domain in directory.All().Where(d => d.Hold is { } h && h.Until <= now))
            {
                await LiftAsync(domain.Name, now).ConfigureAwait(false);
            }
            var next = directory.All().Select(d => d.Hold?.Until).Where(u => u > now).Min();
            var wakeAt = next is { } n && n - now < MaxSleep ? n : now + MaxSleep;
            await WorkSignal.WaitUntilAsync(pulse, wakeAt, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task LiftAsync(string domain, DateTime now)
    {
        try
        {
            // Only the hold that ended: one set again meanwhile stays.
            var audit = new AuditEntry(time.GetUtcNow().UtcDateTime, "system", "domain.hold-ended", domain, null);
            if (await directory.SetHoldAsync(domain, null, h => h is { } held && held.Until <= now, audit).ConfigureAwait(false) is null)
            {
                return;
            }
            logger.LogInformation("The hold on {Domain} ended: delivery may start again", domain);
            events.Publish(new DomainChanged(domain, time.GetUtcNow().UtcDateTime, "domain.hold-ended"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Lifting the hold on {Domain} failed; delivery is not held any more, it is tried again", domain);
        }
    }
}
