using System.Net;
using DynamicMail.Smtp.Events;

namespace DynamicMail.Smtp.Presence;

/// <summary>Where a present domain's browser is: the newest live tab's address.</summary>
public sealed record DomainPresence(string Domain, IPAddress Address, DateTime Since)
{
    /// <summary>The node holding the customer's circuit, when it is another node on a shared store; null: this node.</summary>
    public string? Node { get; init; }
}

/// <summary>
/// Live customer session pages. A domain is present while at least one of its authenticated session pages is
/// registered and its connection is up; several tabs count as one presence and the newest connection's IP wins.
/// </summary>
public sealed partial class PresenceRegistry(IMailEvents events, TimeProvider time)
{
    private readonly Dictionary<string, Session> _sessions = [];
    private readonly Dictionary<string, DomainPresence> _present = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Raised (outside the lock) when a domain becomes present, absent, or changes target.</summary>
    public event Action<string, DomainPresence?>? Changed;

    public void Register(string sessionId, string domain, IPAddress address) =>
        Update(domain, () => _sessions[sessionId] = new Session(domain, address, true, time.GetUtcNow().UtcDateTime));

    public void ConnectionUp(string sessionId, IPAddress? address) => UpdateSession(sessionId, s => s with
    {
        Up = true,
        Address = address ?? s.Address,
        ConnectedAt = time.GetUtcNow().UtcDateTime,
    });

    public void ConnectionDown(string sessionId) => UpdateSession(sessionId, s => s with { Up = false });

    public void Unregister(string sessionId)
    {
        string? domain;
        lock (_gate)
        {
            domain = _sessions.Remove(sessionId, out var s) ? s.Domain : null;
        }
        if (domain is not null)
        {
            Update(domain, () => { });
        }
    }

    public DomainPresence? Of(string domain)
    {
        lock (_gate) { return _present.GetValueOrDefault(domain); }
    }

    /// <summary>
    /// How many session pages of <paramref name="domain"/> are registered, live or not: lets a test see that a closed
    /// tab has been let go while another keeps the domain present.
    /// </summary>
    public int Sessions(string domain)
    {
        lock (_gate) { return _sessions.Values.Count(s => string.Equals(s.Domain, domain, StringComparison.OrdinalIgnoreCase)); }
    }

    public IReadOnlyList<DomainPresence> All()
    {
        lock (_gate) { return _present.Values.ToList(); }
    }

    private void UpdateSession(string sessionId, Func<Session, Session> change)
    {
        string? domain;
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var s))
            {
                return;
            }
            _sessions[sessionId] = change(s);
            domain = s.Domain;
        }
        Update(domain, () => { });
    }

    private void Update(string domain, Action change)
    {
        DomainPresence? before, after;
        lock (_gate)
        {
            change();
            before = _present.GetValueOrDefault(domain);
            var newest = _sessions.Values.Where(s => s.Up && string.Equals(s.Domain, domain, StringComparison.OrdinalIgnoreCase))
                .MaxBy(s => s.ConnectedAt);
            after = newest is null ? null : new DomainPresence(domain, newest.Address, before?.Since ?? time.GetUtcNow().UtcDateTime);
            if (after is null) { _present.Remove(domain); } else { _present[domain] = after; }
        }
        if (before?.Address.Equals(after?.Address) == true || (before is null && after is null))
        {
            return;
        }
        events.Publish(new PresenceChanged(domain, time.GetUtcNow().UtcDateTime, after is not null, after?.Address.ToString()));
        Changed?.Invoke(domain, after);
    }

    private sealed record Session(string Domain, IPAddress Address, bool Up, DateTime ConnectedAt);
}
