using DynamicMail.Smtp.Delivery;

namespace DynamicMail.Web.Customers;

/// <summary>The sessions of one domain, fed by engine events; every member is safe to call from any thread.</summary>
internal sealed class DomainSessionLog
{
    private const int HistoryCount = 10;
    private const int FaultCount = 20;
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SendingMessage> _sending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly Queue<DateTime> _doneTimes = new();
    private readonly LinkedList<SessionRecord> _history = new();
    private readonly LinkedList<FailedAttempt> _faults = new();
    private SessionRecord? _current;
    private DateTime? _lastRetryAt;

    public void Started(DateTime at, string from)
    {
        lock (_gate)
        {
            if (_current is not null)
            {
                // Another tab or a new address: the same session, the newest address.
                _current = _current with { From = from };
                return;
            }
            _current = new SessionRecord(at, from, null, 0, 0, 0);
            _sending.Clear();
            _delivered.Clear();
            _refused.Clear();
            _doneTimes.Clear();
            _faults.Clear();
            _lastRetryAt = null;
        }
    }

    public void Ended(DateTime at)
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }
            _history.AddFirst(_current with { End = at });
            while (_history.Count > HistoryCount)
            {
                _history.RemoveLast();
            }
            _current = null;
            _sending.Clear();
        }
    }

    public void Sending(SendingMessage message)
    {
        lock (_gate) { _sending[message.Id] = message; }
    }

    /// <summary>A recipient's outcome: the message's attempt is over (its other recipients are told at once too).</summary>
    public void Outcome(string messageId, bool delivered, bool permanent)
    {
        lock (_gate)
        {
            _sending.Remove(messageId);
            if (_current is null)
            {
                return;
            }
            if (delivered && _delivered.Add(messageId))
            {
                _current = _current with { Delivered = _current.Delivered + 1 };
            }
            else if (!delivered && permanent && !_delivered.Contains(messageId) && _refused.Add(messageId))
            {
                _current = _current with { Returned = _current.Returned + 1 };
            }
        }
    }

    public void LeftQueue(string messageId, DateTime at)
    {
        lock (_gate)
        {
            _sending.Remove(messageId);
            if (_current is null)
            {
                return;
            }
            _current = _current with { Done = _current.Done + 1 };
            _doneTimes.Enqueue(at);
        }
    }

    /// <summary>The board changed: a new site fault (a new retry time) becomes a refused attempt.</summary>
    public void StatusChanged(DomainStatus status, DateTime at)
    {
        lock (_gate)
        {
            if (_current is null || status.State is not (DeliveryState.NotAnswering or DeliveryState.Paused))
            {
                return;
            }
            if (status.RetryAt == _lastRetryAt)
            {
                return;
            }
            _lastRetryAt = status.RetryAt;
            _sending.Clear();
            var reply = status.LastReply ?? status.Text;
            if (_faults.First?.Value is { } last && last.Reply == reply && at - last.At < TimeSpan.FromSeconds(5))
            {
                // The other connection failed alike at the same moment: one attempt for the customer.
                return;
            }
            _faults.AddFirst(new FailedAttempt(at, reply, status.State == DeliveryState.Paused));
            while (_faults.Count > FaultCount)
            {
                _faults.RemoveLast();
            }
        }
    }

    public SessionSnapshot Snapshot(DateTime now)
    {
        lock (_gate)
        {
            while (_doneTimes.TryPeek(out var first) && first < now - RateWindow)
            {
                _doneTimes.Dequeue();
            }
            var sending = _sending.Values.OrderBy(m => m.Since).ToList();
            return new SessionSnapshot(_current, sending, [.. _faults], [.. _history], PerMinute(now));
        }
    }

    private double PerMinute(DateTime now)
    {
        if (_current is null || _doneTimes.Count == 0)
        {
            return 0;
        }
        // Over the last minute, or over the session while it is younger than a minute.
        var seconds = Math.Clamp((now - _current.Start).TotalSeconds, 1, RateWindow.TotalSeconds);
        return _doneTimes.Count * 60 / seconds;
    }
}
