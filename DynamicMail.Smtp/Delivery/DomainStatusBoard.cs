using System.Collections.Concurrent;
using DynamicMail.Smtp.Events;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Live delivery status per domain. Every change is announced as a <see cref="DeliveryStatusChanged"/> event.</summary>
public sealed class DomainStatusBoard(IMailEvents events, TimeProvider time)
{
    private const int RecentCount = 20;
    private readonly ConcurrentDictionary<string, DomainStatus> _status = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTime>> _deliveries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _busy = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _idleRounds = new(StringComparer.OrdinalIgnoreCase);

    public DomainStatus Get(string domain) => _status.GetValueOrDefault(domain) ?? DomainStatus.Offline(domain);

    public void SessionStarted(string domain, DeliveryTarget target)
    {
        _deliveries[domain] = new ConcurrentQueue<DateTime>();
        _busy[domain] = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Set(domain, _ => DomainStatus.Offline(domain) with { State = DeliveryState.Waiting, Text = Waiting(target), Target = target });
    }

    public void Offline(string domain) => Set(domain, s => DomainStatus.Offline(domain) with { Recent = s.Recent });

    /// <summary>Delivery is held: nothing starts until the hold ends (<see cref="DomainStatus.RetryAt"/>).</summary>
    public void Held(string domain, Domains.DomainHold hold) =>
        Set(domain, s => DomainStatus.Offline(domain) with
        {
            State = DeliveryState.Held,
            Text = $"Delivery is on hold until {hold.Until:yyyy-MM-dd HH:mm} UTC: {hold.Reason}. Mail is being queued.",
            RetryAt = hold.Until,
            Recent = s.Recent,
        });

    public void TargetRefused(string domain, string reason) =>
        Set(domain, s => s with { State = DeliveryState.TargetRefused, Text = reason, Target = null, RetryAt = null });

    /// <summary>
    /// A worker has nothing to do. The domain shows "waiting for mail" only when none of its workers is in a
    /// transaction: one idle connection must not hide another one's slow delivery.
    /// </summary>
    /// <summary>
    /// A worker found nothing due and went idle. <see cref="IdleRounds"/> counts these, so a test can prove that a
    /// worker looked at the queue after something happened and found nothing to send, instead of sleeping.
    /// </summary>
    public void WentIdle(string domain, string worker)
    {
        _idleRounds.AddOrUpdate(domain, 1, (_, n) => n + 1);
        Waiting(domain, worker);
    }

    public int IdleRounds(string domain) => _idleRounds.GetValueOrDefault(domain);

    public void Waiting(string domain, string? worker = null)
    {
        if (Idle(domain, worker))
        {
            Set(domain, s => s.Target is null ? s : s with
            {
                State = DeliveryState.Waiting, Text = Waiting(s.Target), CurrentMessage = null, RetryAt = null,
            });
        }
        else if (_busy.TryGetValue(domain, out var busy) && busy.Values.FirstOrDefault() is { } other)
        {
            // Another connection is still in a transaction: show its message, not the one this worker finished.
            Set(domain, s => s with { CurrentMessage = other });
        }
    }

    public void Delivering(string domain, string messageId, string from, long size, TlsState tls, string? worker = null)
    {
        if (worker is not null)
        {
            _busy.GetOrAdd(domain, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[worker] = Current(messageId, from, size);
        }
        ShowDelivering(domain, messageId, from, size, tls);
    }

    private void ShowDelivering(string domain, string messageId, string from, long size, TlsState tls) => Set(domain, s => s with
    {
        State = DeliveryState.Delivering,
        Text = $"Delivering to {s.Target}",
        RetryAt = null,
        Tls = tls,
        CurrentMessage = Current(messageId, from, size),
    });

    public void Fault(string domain, string reply, bool refused, DateTime retryAt, string? worker = null)
    {
        Idle(domain, worker);
        ShowFault(domain, reply, refused, retryAt);
    }

    private void ShowFault(string domain, string reply, bool refused, DateTime retryAt) => Set(domain, s => s with
    {
        State = refused ? DeliveryState.Paused : DeliveryState.NotAnswering,
        Text = refused
            ? $"Your mail server at {s.Target} refused all mail: delivery paused, retrying at {retryAt:HH:mm:ss} UTC"
            : $"Your mail server at {s.Target} is not answering — retrying in {Math.Max(1, (int)Math.Round((retryAt - time.GetUtcNow().UtcDateTime).TotalSeconds))} s",
        RetryAt = retryAt,
        LastReply = ReplyText.Shorten(reply),
        CurrentMessage = null,
    });

    public void Recorded(string domain, DeliveryRecord record) => Set(domain, s =>
    {
        var rate = record.Delivered ? Rate(domain, record.At) : s.MessagesPerSecond;
        return s with
        {
            DeliveredThisSession = s.DeliveredThisSession + (record.Delivered ? 1 : 0),
            FailedThisSession = s.FailedThisSession + (record.Delivered ? 0 : 1),
            LastReply = ReplyText.Shorten(record.Reply),
            MessagesPerSecond = rate,
            Recent = [record with { Reply = ReplyText.Shorten(record.Reply) }, .. s.Recent.Take(RecentCount - 1)],
        };
    });

    private double Rate(string domain, DateTime now)
    {
        var window = _deliveries.GetOrAdd(domain, _ => new ConcurrentQueue<DateTime>());
        window.Enqueue(now);
        while (window.TryPeek(out var first) && first < now.AddSeconds(-10))
        {
            window.TryDequeue(out _);
        }
        return window.Count / 10.0;
    }

    /// <summary>Marks <paramref name="worker"/> idle; true when no worker of the domain is busy any more.</summary>
    private bool Idle(string domain, string? worker)
    {
        if (!_busy.TryGetValue(domain, out var busy))
        {
            return true;
        }
        if (worker is not null)
        {
            busy.TryRemove(worker, out _);
        }
        return busy.IsEmpty;
    }

    private static string Current(string messageId, string from, long size) => $"{messageId} from <{from}> ({size:N0} bytes)";

    private static string Waiting(DeliveryTarget? target) => $"Connected: waiting for mail (delivering to {target})";

    private void Set(string domain, Func<DomainStatus, DomainStatus> change)
    {
        var updated = _status.AddOrUpdate(domain, d => change(DomainStatus.Offline(d)), (_, s) => change(s));
        events.Publish(new DeliveryStatusChanged(domain, time.GetUtcNow().UtcDateTime, updated.Text));
    }
}
