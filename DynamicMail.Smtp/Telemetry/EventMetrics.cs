using System.Collections.Concurrent;
using DynamicMail.Smtp.Events;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// Counts what the engine announces on its event hub: accepted, delivered, deferred, failed and returned mail, DSNs,
/// bytes in and out, and the time from sending a message to its first answer. Delivery and bounces stay unaware of
/// metrics; whatever they publish is counted here.
/// </summary>
internal sealed class EventMetrics : IDisposable
{
    private const int MaxTracked = 100_000;
    private readonly MailMetrics _metrics;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<string, DateTime> _sending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _bytesCounted = new(StringComparer.Ordinal);

    public EventMetrics(IMailEvents events, MailMetrics metrics)
    {
        _metrics = metrics;
        _subscription = events.Subscribe(On);
    }

    private void On(MailEvent e)
    {
        switch (e)
        {
            case MessageQueued q:
                _metrics.Accepted.Add(1);
                _metrics.Received.Add(q.Size);
                break;
            case MessageDelivering d:
                Sending(d);
                break;
            case RecipientDelivered r:
                _metrics.Delivered.Add(1);
                Answered(r.MessageId, r.At);
                // The recipients of one transaction are announced one after another: count the bytes sent once.
                if (_bytesCounted.TryAdd(r.MessageId, true))
                {
                    _metrics.DeliveredBytes.Add(r.Size);
                }
                break;
            case RecipientFailed f:
                (f.Permanent ? _metrics.Failed : _metrics.Deferred).Add(1);
                Answered(f.MessageId, f.At);
                break;
            case SenderNotified n:
                Notified(n);
                break;
        }
    }

    /// <summary>A new transaction for the message: time it, and count its bytes again when delivered.</summary>
    private void Sending(MessageDelivering d)
    {
        if (_sending.Count >= MaxTracked || _bytesCounted.Count >= MaxTracked)
        {
            _sending.Clear(); // transactions that never got an answer: forget them rather than grow
            _bytesCounted.Clear();
        }
        _sending[d.MessageId] = d.At;
        _bytesCounted.TryRemove(d.MessageId, out _);
    }

    /// <summary>The first answer about a message being sent ends its transaction's timing.</summary>
    private void Answered(string messageId, DateTime at)
    {
        if (_sending.TryRemove(messageId, out var started))
        {
            _metrics.Delivery.Record(Math.Max(0, (at - started).TotalSeconds));
        }
    }

    private void Notified(SenderNotified n)
    {
        var kind = new KeyValuePair<string, object?>("kind", n.Kind);
        (n.Sent ? _metrics.DsnQueued : _metrics.DsnSuppressed).Add(1, kind);
        if (n.Kind == "failed")
        {
            _metrics.Returned.Add(n.Recipients);
        }
    }

    public void Dispose() => _subscription.Dispose();
}
