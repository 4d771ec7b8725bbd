using System.Collections.Concurrent;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// Messages, bytes and the oldest arrival per domain, kept in memory so pages never count the store. Queue ids are
/// time-ordered, so each domain's smallest id is its oldest message, even after older ones left.
/// </summary>
internal sealed class QueueCounters
{
    private readonly ConcurrentDictionary<string, DomainCounter> _byDomain = new(StringComparer.OrdinalIgnoreCase);

    public void Load(IEnumerable<QueuedMessage> messages)
    {
        foreach (var m in messages)
        {
            Add(m);
        }
    }

    public void Add(QueuedMessage m) => _byDomain.GetOrAdd(m.Domain, _ => new DomainCounter()).Add(m);

    public void Remove(QueuedMessage m)
    {
        if (_byDomain.TryGetValue(m.Domain, out var counter))
        {
            counter.Remove(m);
        }
    }

    public IReadOnlyDictionary<string, QueueSummary> All() =>
        _byDomain.Select(p => (p.Key, Summary: p.Value.Summary())).Where(p => p.Summary.Messages > 0)
            .ToDictionary(p => p.Key, p => p.Summary, StringComparer.OrdinalIgnoreCase);

    public QueueSummary Get(string domain) => _byDomain.TryGetValue(domain, out var c) ? c.Summary() : new QueueSummary(0, 0, null);

    private sealed class DomainCounter
    {
        private readonly SortedDictionary<string, (DateTime Arrived, long Size)> _messages = new(StringComparer.Ordinal);
        private long _bytes;

        public void Add(QueuedMessage m)
        {
            lock (_messages)
            {
                if (_messages.TryAdd(m.Id, (m.ArrivedAt, m.Size)))
                {
                    _bytes += m.Size;
                }
            }
        }

        public void Remove(QueuedMessage m)
        {
            lock (_messages)
            {
                if (_messages.Remove(m.Id, out var entry))
                {
                    _bytes -= entry.Size;
                }
            }
        }

        public QueueSummary Summary()
        {
            lock (_messages)
            {
                return _messages.Count == 0
                    ? new QueueSummary(0, 0, null)
                    : new QueueSummary(_messages.Count, _bytes, _messages.First().Value.Arrived);
            }
        }
    }
}
