using System.Net;
using DynamicMail.Smtp.Presence;

namespace DynamicMail.Web.Presence;

/// <summary>
/// Per-circuit bridge between a live session page and the presence registry. The circuit handler reports the
/// connection going up and down (with the browser's address); the session page attaches and detaches.
/// </summary>
internal sealed class CircuitPresence(PresenceRegistry registry)
{
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private string? _domain;
    private IPAddress? _address;
    private bool _up = true;

    public IPAddress? Address => _address;

    public void ConnectionUp(IPAddress? address)
    {
        lock (_gate)
        {
            _up = true;
            _address = address ?? _address;
            if (_domain is not null) { registry.ConnectionUp(_id, address); }
        }
    }

    public void ConnectionDown()
    {
        lock (_gate)
        {
            _up = false;
            if (_domain is not null) { registry.ConnectionDown(_id); }
        }
    }

    /// <summary>The session page of <paramref name="domain"/> is rendered and live in this circuit.</summary>
    public void Attach(string domain)
    {
        lock (_gate)
        {
            _domain = domain;
            registry.Register(_id, domain, _address ?? IPAddress.None);
            if (!_up) { registry.ConnectionDown(_id); }
        }
    }

    public void Detach()
    {
        lock (_gate)
        {
            _domain = null;
            registry.Unregister(_id);
        }
    }
}
