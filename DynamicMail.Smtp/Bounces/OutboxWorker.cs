using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// Sends the outbox: through the smart host when one is set, else to the recipient domain's MX hosts in order.
/// Transient failures back off (1 min doubling to 1 h); a refusal or <see cref="BounceOptions.MaxLifetime"/> drops the DSN, logged.
/// </summary>
internal sealed class OutboxWorker(
    IOutbox outbox, IDsnTransport transport, IMxResolver mx, IOptions<BounceOptions> options, IMailEvents events, TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private const int Batch = 20;
    private readonly WorkSignal _signal = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            if (e is SenderNotified { Sent: true }) { _signal.Pulse(); }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = _signal.Next;
            var due = outbox.Due(time.GetUtcNow().UtcDateTime, Batch);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
                async (m, ct) => await AttemptAsync(m, ct).ConfigureAwait(false)).ConfigureAwait(false);
            if (due.Count == Batch)
            {
                continue;
            }
            // Every attempt removes its message or moves it into the future, so a due one here is new: go again.
            var now = time.GetUtcNow().UtcDateTime;
            var next = outbox.NextDue() ?? now + TimeSpan.FromHours(1);
            if (next > now)
            {
                await WorkSignal.WaitUntilAsync(pulse, next - now > TimeSpan.FromHours(1) ? now + TimeSpan.FromHours(1) : next, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AttemptAsync(OutboundMessage m, CancellationToken cancellationToken)
    {
        try
        {
            var o = options.Value;
            var now = time.GetUtcNow().UtcDateTime;
            if (now - m.CreatedAt >= o.MaxLifetime)
            {
                await DropAsync(m, $"undeliverable for {o.MaxLifetime}; last error: {m.LastError}").ConfigureAwait(false);
                return;
            }
            var smartHost = !string.IsNullOrWhiteSpace(o.SmartHost);
            var route = smartHost ? new MxRoute([o.SmartHost!]) : await mx.ResolveAsync(Domain(m.Recipient), cancellationToken).ConfigureAwait(false);
            if (route.Permanent)
            {
                await DropAsync(m, route.Error!).ConfigureAwait(false);
                return;
            }
            var last = route.Error ?? "no mail host";
            foreach (var host in route.Hosts)
            {
                var result = await transport.SendAsync(host, smartHost ? o.SmartHostPort : 25, smartHost, m, cancellationToken).ConfigureAwait(false);
                if (result.Status == SendStatus.Sent)
                {
                    logger.LogInformation("Sent {Kind} DSN {Id} about {MessageId} to {Recipient} via {Host}: {Reply}", m.Kind, m.Id, m.OriginalId, m.Recipient, host, result.Reply);
                    await outbox.RemoveAsync(m.Id).ConfigureAwait(false);
                    return;
                }
                if (result.Status == SendStatus.Refused)
                {
                    await DropAsync(m, $"{host} refused it: {result.Reply}").ConfigureAwait(false);
                    return;
                }
                last = $"{host}: {result.Reply}";
            }
            var retry = now + Backoff(m.Attempts + 1);
            logger.LogInformation("DSN {Id} to {Recipient} deferred until {Retry}: {Error}", m.Id, m.Recipient, retry, last);
            await outbox.RescheduleAsync(m.Id, retry, last).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Sending DSN {Id} failed unexpectedly", m.Id);
            await outbox.RescheduleAsync(m.Id, time.GetUtcNow().UtcDateTime + Backoff(m.Attempts + 1), ex.Message).ConfigureAwait(false);
        }
    }

    private async Task DropAsync(OutboundMessage m, string why)
    {
        logger.LogWarning("Dropped {Kind} DSN {Id} about {MessageId} to {Recipient}: {Why}", m.Kind, m.Id, m.OriginalId, m.Recipient, why);
        await outbox.RemoveAsync(m.Id).ConfigureAwait(false);
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];

    /// <summary>1 min, 2 min, 4 min … capped at 1 h.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, TimeSpan.FromMinutes(1).Ticks << Math.Clamp(attempts - 1, 0, 10)));
}
