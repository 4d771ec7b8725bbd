using System.Collections.Concurrent;

namespace DynamicMail.Smtp;

/// <summary>
/// At most <paramref name="max"/> events per key in any <paramref name="window"/> (DSNs per sender domain, failed logins
/// per address). Keys whose events have all aged out are dropped now and then.
/// </summary>
public sealed class SlidingWindowLimit<TKey>(int max, TimeSpan window, TimeProvider time) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Queue<DateTimeOffset>> _events = new();
    private int _adds;

    /// <summary>Whether the key's window is full now.</summary>
    public bool IsFull(TKey key)
    {
        if (!_events.TryGetValue(key, out var events))
        {
            return false;
        }
        lock (events)
        {
            Prune(events, time.GetUtcNow());
            return events.Count >= max;
        }
    }

    /// <summary>Records one event for the key.</summary>
    public void Add(TKey key) => Take(key, force: true);

    /// <summary>Records one event unless the key's window is full; false when it was.</summary>
    public bool TryTake(TKey key) => Take(key, force: false);

    /// <summary>Takes back one event of the key (an attempt counted ahead that turned out not to count).</summary>
    public void Untake(TKey key)
    {
        if (_events.TryGetValue(key, out var events))
        {
            lock (events)
            {
                events.TryDequeue(out _);
            }
        }
    }

    private bool Take(TKey key, bool force)
    {
        var now = time.GetUtcNow();
        var events = _events.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (events)
        {
            Prune(events, now);
            if (!force && events.Count >= max)
            {
                return false;
            }
            events.Enqueue(now);
        }
        if (Interlocked.Increment(ref _adds) % 10_000 == 0)
        {
            DropIdleKeys(now);
        }
        return true;
    }

    private void Prune(Queue<DateTimeOffset> events, DateTimeOffset now)
    {
        while (events.Count > 0 && now - events.Peek() >= window)
        {
            events.Dequeue();
        }
    }

    private void DropIdleKeys(DateTimeOffset now)
    {
        foreach (var (key, events) in _events)
        {
            lock (events)
            {
                Prune(events, now);
                if (events.Count == 0)
                {
                    _events.TryRemove(key, out _);
                }
            }
        }
    }
}
