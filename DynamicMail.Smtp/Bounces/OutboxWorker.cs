using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// Sends the outbox: through the smart host when one is set, else to the recipient domain's MX hosts in order.
/// Transient failures back off (1 min doubling to 1 h); a refusal, or <see cref="BounceOptions.MaxLifetime"/> passed
/// after a failed attempt, drops the DSN, logged. Every DSN is tried at least once, however long it waited its turn.
/// </summary>
internal sealed class OutboxWorker(
    IOutbox outbox, IDsnTransport transport, IMxResolver mx, IOptions<BounceOptions> options, IMailEvents events, TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private const int Batch = 20;

    /// <summary>How long a claimed DSN is kept from other senders (other nodes) while this one attempts it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxStoreWait = TimeSpan.FromMinutes(1);
    private readonly WorkSignal _signal = new();
    private int _storeFailures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            if (e is SenderNotified { Sent: true } or AlertSent { Emailed: true }) { _signal.Pulse(); }
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var pulse = _signal.Next;
            var due = await ClaimAsync(stoppingToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
                async (m, ct) => await AttemptAsync(m, ct).ConfigureAwait(false)).ConfigureAwait(false);
            var now = time.GetUtcNow().UtcDateTime;
            if (Volatile.Read(ref _storeFailures) > 0)
            {
                // The store would not take the outcome: wait (1 s doubling to 1 min) instead of trying again at once.
                var wait = TimeSpan.FromTicks(Math.Min(MaxStoreWait.Ticks, TimeSpan.TicksPerSecond << Math.Min(_storeFailures - 1, 10)));
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                continue;
            }
            if (due.Count == Batch)
            {
                continue;
            }
            // Every attempt removes its message or moves it into the future, so a due one here is new: go again.
            var next = await outbox.NextDueAsync(stoppingToken).ConfigureAwait(false) ?? now + TimeSpan.FromHours(1);
            if (next > now)
            {
                await WorkSignal.WaitUntilAsync(pulse, next - now > TimeSpan.FromHours(1) ? now + TimeSpan.FromHours(1) : next, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The due DSNs, leased to this sender; none when the store would not take the claim (counted as a store failure).</summary>
    private async Task<IReadOnlyList<OutboundMessage>> ClaimAsync(CancellationToken stoppingToken)
    {
        try
        {
            var due = await outbox.ClaimDueAsync(time.GetUtcNow().UtcDateTime, Batch, Lease, stoppingToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                // The store took the claim: no attempt is left to clear an earlier failure.
                Interlocked.Exchange(ref _storeFailures, 0);
            }
            return due;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _storeFailures);
            logger.LogError(ex, "Claiming due DSNs failed");
            return [];
        }
    }

    private async Task AttemptAsync(OutboundMessage m, CancellationToken cancellationToken)
    {
        var o = options.Value;
        string? error;
        try
        {
            error = m.Attempts > 0 && time.GetUtcNow().UtcDateTime - m.CreatedAt >= o.MaxLifetime
                ? await DropAsync(m, $"undeliverable for {o.MaxLifetime}; last error: {m.LastError}").ConfigureAwait(false)
                : await SendAsync(m, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Sending DSN {Id} failed unexpectedly", m.Id);
            error = ex.Message;
        }
        try
        {
            await SettleAsync(m, error).ConfigureAwait(false);
            Interlocked.Exchange(ref _storeFailures, 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _storeFailures);
            logger.LogError(ex, "Recording the attempt of DSN {Id} failed", m.Id);
        }
    }

    /// <summary>After a failed attempt: dropped once MaxLifetime has passed, else tried again later.</summary>
    private async Task SettleAsync(OutboundMessage m, string? error)
    {
        if (error is null)
        {
            return;
        }
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        if (now - m.CreatedAt >= o.MaxLifetime)
        {
            await DropAsync(m, $"undeliverable for {o.MaxLifetime}; last error: {error}").ConfigureAwait(false);
            return;
        }
        var retry = now + Backoff(m.Attempts + 1);
        logger.LogInformation("DSN {Id} to {Recipient} deferred until {Retry}: {Error}", m.Id, m.Recipient, retry, error);
        await outbox.RescheduleAsync(m.Id, retry, ReplyText.Shorten(error)).ConfigureAwait(false);
    }

    /// <summary>Tries each host in turn; null when done with the DSN (sent or dropped), else the last error.</summary>
    private async Task<string?> SendAsync(OutboundMessage m, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var smartHost = !string.IsNullOrWhiteSpace(o.SmartHost);
        var route = smartHost ? new MxRoute([o.SmartHost!]) : await mx.ResolveAsync(Domain(m.Recipient), cancellationToken).ConfigureAwait(false);
        if (route.Permanent)
        {
            return await DropAsync(m, route.Error!).ConfigureAwait(false);
        }
        var last = route.Error ?? "no mail host";
        foreach (var host in route.Hosts)
        {
            var result = await transport.SendAsync(host, smartHost ? o.SmartHostPort : 25, smartHost, m, cancellationToken).ConfigureAwait(false);
            if (result.Status == SendStatus.Sent)
            {
                logger.LogInformation("Sent {Kind} DSN {Id} about {MessageId} to {Recipient} via {Host}: {Reply}", m.Kind, m.Id, m.OriginalId, m.Recipient, host, result.Reply);
                await outbox.RemoveAsync(m.Id).ConfigureAwait(false);
                return null;
            }
            if (result.Status == SendStatus.Refused)
            {
                return await DropAsync(m, $"{host} refused it: {result.Reply}").ConfigureAwait(false);
            }
            last = $"{host}: {result.Reply}";
        }
        return last;
    }

    private async Task<string?> DropAsync(OutboundMessage m, string why)
    {
        logger.LogWarning("Dropped {Kind} DSN {Id} about {MessageId} to {Recipient}: {Why}", m.Kind, m.Id, m.OriginalId, m.Recipient, ReplyText.Shorten(why));
        await outbox.RemoveAsync(m.Id).ConfigureAwait(false);
        return null;
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];

    /// <summary>1 min, 2 min, 4 min … capped at 1 h.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, TimeSpan.FromMinutes(1).Ticks << Math.Clamp(attempts - 1, 0, 10)));
}
