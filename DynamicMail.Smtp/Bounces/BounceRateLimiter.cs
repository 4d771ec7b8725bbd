namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// At most N DSNs per sender domain in any hour, so forged senders cannot turn DynamicMail into a backscatter source.
/// </summary>
internal sealed class BounceRateLimiter(int maxPerHour, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<string, Queue<DateTime>> _sent = new(StringComparer.OrdinalIgnoreCase);
    private long _suppressed;

    /// <summary>DSNs dropped by the limit since start.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Takes one slot for <paramref name="senderDomain"/>; false (and counted) when its hour is full.</summary>
    public bool TryTake(string senderDomain)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (_sent)
        {
            if (!_sent.TryGetValue(senderDomain, out var times))
            {
                _sent[senderDomain] = times = new Queue<DateTime>();
            }
            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }
            if (times.Count >= maxPerHour)
            {
                Interlocked.Increment(ref _suppressed);
                return false;
            }
            times.Enqueue(now);
            if (_sent.Count > 10_000)
            {
                Prune(now);
            }
            return true;
        }
    }

    private void Prune(DateTime now)
    {
        foreach (var key in _sent.Where(kv => kv.Value.Count == 0 || now - kv.Value.Last() >= Window).Select(kv => kv.Key).ToList())
        {
            _sent.Remove(key);
        }
    }
}
