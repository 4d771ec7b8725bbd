using System.Collections.Concurrent;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Telemetry;

namespace DynamicMail.Web.Admin;

/// <summary>
/// What the dashboard needs beyond the engine's current state, gathered from engine events since start-up:
/// last time online per domain (the later of connect and disconnect, as the engine stores it), offline since, per-minute counts for the last hour, bounces today, and a feed.
/// </summary>
internal sealed class ConsoleActivity(IMailEvents events, DomainStatusBoard board, IActivityHistory history, TimeProvider time) : IHostedService
{
    private const int FeedSize = 500;
    private readonly ConcurrentDictionary<string, DateTime> _lastConnected = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTime> _offlineSince = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, OdmrSessionChanged> _odmr = new(StringComparer.OrdinalIgnoreCase);
    private readonly MinuteCounter _minutes = new();
    private readonly ConcurrentQueue<FeedEntry> _feed = new();
    private readonly Lock _bounceGate = new();
    private DateOnly _bounceDay;
    private int _bouncesToday;
    private IDisposable? _subscription;

    /// <summary>When the domain's customer was last online: connected, or left (page or ODMR).</summary>
    public DateTime? LastConnected(string domain) => _lastConnected.TryGetValue(domain, out var at) ? at : null;

    public DateTime? OfflineSince(string domain) => _offlineSince.TryGetValue(domain, out var at) ? at : null;

    /// <summary>The ODMR session collecting the domain's mail now (its client and start), or null.</summary>
    public OdmrSessionChanged? Odmr(string domain) => _odmr.GetValueOrDefault(domain);

    public IReadOnlyList<MinuteCount> LastHour() => _minutes.LastHour(time.GetUtcNow().UtcDateTime);

    public int BouncesToday()
    {
        lock (_bounceGate) { return _bounceDay == Today() ? _bouncesToday : 0; }
    }

    /// <summary>Newest first, optionally of one domain (substring match).</summary>
    public IReadOnlyList<FeedEntry> Feed(string? domain, int take) =>
        _feed.Reverse().Where(e => string.IsNullOrWhiteSpace(domain) || e.Domain.Contains(domain.Trim(), StringComparison.OrdinalIgnoreCase)).Take(take).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // What an earlier run saw (the engine's ActivityRecorder keeps it); this run's events add to it.
        foreach (var (domain, at) in await history.LastConnectedAsync(cancellationToken).ConfigureAwait(false))
        {
            _lastConnected.TryAdd(domain, at);
        }
        foreach (var m in await history.MinutesAsync(time.GetUtcNow().UtcDateTime.AddHours(-1), cancellationToken).ConfigureAwait(false))
        {
            _minutes.Add(m.Minute, m.Accepted, m.Delivered);
        }
        _subscription = events.Subscribe(OnEvent);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void OnEvent(MailEvent e)
    {
        switch (e)
        {
            case MessageQueued:
                _minutes.Add(e.At, accepted: 1, delivered: 0);
                break;
            case RecipientDelivered d:
                _minutes.Add(e.At, accepted: 0, delivered: 1);
                Add(e, "delivered", $"{d.MessageId} to <{d.Recipient}>: {d.Reply}");
                break;
            case RecipientFailed f:
                Add(e, f.Permanent ? "refused" : "failure", $"{f.MessageId} to <{f.Recipient}>: {f.Reply}");
                break;
            case SenderNotified n:
                if (n.Kind == "failed") { CountBounce(); }
                Add(e, n.Kind == "failed" ? "bounce" : "delay",
                    $"{n.MessageId}: {n.Kind} DSN for {n.Recipients} recipients to <{n.Sender}>" + (n.Sent ? "" : $" not sent ({n.Why})"));
                break;
            case PresenceChanged p:
                OnPresence(p);
                break;
            case OdmrSessionChanged o:
                OnOdmr(o);
                break;
            case DeliveryStatusChanged:
                OnStatus(e.Domain, e.At);
                break;
            case QueueChanged q:
                Add(e, "operator", $"{q.Operator}: message {q.MessageId} {q.Action}");
                break;
            case DomainChanged c:
                Forget(c);
                Add(e, "operator", $"{c.What.Replace("domain.", "domain ", StringComparison.Ordinal)}");
                break;
        }
    }

    private void OnPresence(PresenceChanged p)
    {
        if (p.Present)
        {
            _lastConnected[p.Domain] = p.At;
            _offlineSince.TryRemove(p.Domain, out _);
            Add(p, "connect", $"online from {p.Address}");
        }
        else
        {
            _lastConnected[p.Domain] = p.At;
            _offlineSince[p.Domain] = p.At;
            Add(p, "disconnect", "offline: mail is queued");
        }
    }

    /// <summary>A deleted domain's history goes with it: a domain created again under the name starts without it.</summary>
    private void Forget(DomainChanged c)
    {
        if (c.What == "domain.delete")
        {
            _lastConnected.TryRemove(c.Domain, out _);
            _offlineSince.TryRemove(c.Domain, out _);
        }
    }

    private void OnOdmr(OdmrSessionChanged o)
    {
        if (o.Active)
        {
            _odmr[o.Domain] = o;
            _lastConnected[o.Domain] = o.At;
            Add(o, "connect", $"ODMR session from {o.Client}: collecting its mail");
        }
        else
        {
            _odmr.TryRemove(o.Domain, out _);
            _lastConnected[o.Domain] = o.At;
            Add(o, "disconnect", $"ODMR session from {o.Client} ended");
        }
    }

    private void OnStatus(string domain, DateTime at)
    {
        var status = board.Get(domain);
        if (status.State is DeliveryState.Paused or DeliveryState.NotAnswering or DeliveryState.TargetRefused)
        {
            Add(new DeliveryStatusChanged(domain, at, status.Text), "pause", status.Text);
        }
    }

    private void CountBounce()
    {
        lock (_bounceGate)
        {
            var today = Today();
            _bouncesToday = _bounceDay == today ? _bouncesToday + 1 : 1;
            _bounceDay = today;
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private void Add(MailEvent e, string kind, string text)
    {
        var last = _feed.LastOrDefault();
        if (last is not null && last.Kind == kind && last.Domain == e.Domain && last.Text == text)
        {
            return;
        }
        _feed.Enqueue(new FeedEntry(e.At, e.Domain, kind, text));
        while (_feed.Count > FeedSize && _feed.TryDequeue(out _))
        {
        }
    }
}
