using System.Collections.Concurrent;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Events;

namespace DynamicMail.Web.Customers;

/// <summary>
/// Every domain's collecting sessions as their customers' pages show them (progress, messages in flight, refused
/// attempts, history), built from engine events from the moment the service starts. Kept in memory: the history
/// starts afresh with each start of the service.
/// </summary>
internal sealed class CustomerSessionLog : IDisposable
{
    private readonly ConcurrentDictionary<string, DomainSessionLog> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly DomainStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    public CustomerSessionLog(IMailEvents events, DomainStatusBoard board, TimeProvider time)
    {
        _board = board;
        _time = time;
        _subscription = events.Subscribe(On);
    }

    public SessionSnapshot Of(string domain) =>
        _domains.TryGetValue(domain, out var log) ? log.Snapshot(_time.GetUtcNow().UtcDateTime) : SessionSnapshot.None;

    private DomainSessionLog Log(string domain) => _domains.GetOrAdd(domain, _ => new DomainSessionLog());

    private void On(MailEvent e)
    {
        switch (e)
        {
            case PresenceChanged { Present: true } p:
                Log(p.Domain).Started(p.At, p.Address ?? "unknown address");
                break;
            case PresenceChanged p:
                Log(p.Domain).Ended(p.At);
                break;
            case OdmrSessionChanged { Active: true } o:
                Log(o.Domain).Started(o.At, $"ODMR {o.Client}");
                break;
            case OdmrSessionChanged o:
                Log(o.Domain).Ended(o.At);
                break;
            case MessageDelivering d:
                Log(d.Domain).Sending(new SendingMessage(d.MessageId, d.Sender, d.Size, d.At));
                break;
            case RecipientDelivered r:
                Log(r.Domain).Outcome(r.MessageId, delivered: true, permanent: false);
                break;
            case RecipientFailed f:
                Log(f.Domain).Outcome(f.MessageId, delivered: false, f.Permanent);
                break;
            case MessageLeftQueue l:
                Log(l.Domain).LeftQueue(l.MessageId, l.At);
                break;
            case DeliveryStatusChanged s:
                Log(s.Domain).StatusChanged(_board.Get(s.Domain), s.At);
                break;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
