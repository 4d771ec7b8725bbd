using DynamicMail.Smtp.Events;

namespace DynamicMail.Smtp.Presence;

/// <summary>
/// Presences held by other nodes on a shared store: shown on every node's console and API, never delivered from
/// here (the node that holds the circuit delivers). <see cref="Of"/> and <see cref="Changed"/> stay this node's own.
/// </summary>
public sealed partial class PresenceRegistry
{
    private Dictionary<string, DomainPresence> _elsewhere = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The domain's presence on this node, or else on another node; null when the customer is offline everywhere.</summary>
    public DomainPresence? Anywhere(string domain)
    {
        lock (_gate) { return _present.GetValueOrDefault(domain) ?? _elsewhere.GetValueOrDefault(domain); }
    }

    /// <summary>Every present domain, on this node or another.</summary>
    public IReadOnlyList<DomainPresence> AllAnywhere()
    {
        lock (_gate)
        {
            return _present.Values.Concat(_elsewhere.Where(p => !_present.ContainsKey(p.Key)).Select(p => p.Value)).ToList();
        }
    }

    /// <summary>Replaces what is known of other nodes' presences and tells watchers what changed.</summary>
    public void SetElsewhere(IEnumerable<DomainPresence> presences)
    {
        var next = presences.ToDictionary(p => p.Domain, StringComparer.OrdinalIgnoreCase);
        Dictionary<string, DomainPresence> before;
        lock (_gate)
        {
            before = _elsewhere;
            _elsewhere = next;
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var gone in before.Keys.Where(d => !next.ContainsKey(d)))
        {
            events.Publish(new PresenceChanged(gone, now, Of(gone) is not null, Of(gone)?.Address.ToString()));
        }
        foreach (var (domain, p) in next.Where(p => before.GetValueOrDefault(p.Key) is not { } b || b.Address.Equals(p.Value.Address) is false || b.Node != p.Value.Node))
        {
            events.Publish(new PresenceChanged(domain, now, true, p.Address.ToString()));
        }
    }
}
