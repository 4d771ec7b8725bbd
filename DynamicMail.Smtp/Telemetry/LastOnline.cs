using System.Collections.Concurrent;
using DynamicMail.Smtp.Events;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// When each domain's customer was last online: the later of coming online and going offline, by a session page or an
/// ODMR session. What the store holds (saved every few seconds by <see cref="ActivityRecorder"/>) merged with what this
/// node saw since start-up, so a customer who just left counts from now, not from the last save. Subscribed from
/// construction: it is built before the alert worker subscribes, so it has seen a presence change before any check
/// that change wakes.
/// </summary>
internal sealed class LastOnline : IDisposable
{
    private readonly IActivityHistory _history;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<string, DateTime> _seen = new(StringComparer.OrdinalIgnoreCase);

    public LastOnline(IMailEvents events, IActivityHistory history)
    {
        _history = history;
        _subscription = events.Subscribe(On);
    }

    /// <summary>Whether the event is a customer coming online or going offline (both count as "last online").</summary>
    public static bool IsOnlineChange(MailEvent e) => e is PresenceChanged or OdmrSessionChanged;

    /// <summary>Every domain's last time online that is known (stored or seen here).</summary>
    public async Task<IReadOnlyDictionary<string, DateTime>> AllAsync(CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, DateTime>(
            await _history.LastConnectedAsync(cancellationToken).ConfigureAwait(false), StringComparer.OrdinalIgnoreCase);
        foreach (var (domain, at) in _seen)
        {
            if (!all.TryGetValue(domain, out var stored) || stored < at)
            {
                all[domain] = at;
            }
        }
        return all;
    }

    public void Dispose() => _subscription.Dispose();

    private void On(MailEvent e)
    {
        if (IsOnlineChange(e))
        {
            _seen.AddOrUpdate(e.Domain, e.At, (_, before) => before > e.At ? before : e.At);
        }
        else if (e is DomainChanged { What: "domain.delete" })
        {
            _seen.TryRemove(e.Domain, out _);
        }
    }
}
