using System.Collections.Concurrent;

namespace DynamicMail.Smtp.Queue;

/// <summary>Pending messages and bytes per domain, kept in memory so pages never count the store.</summary>
internal sealed class QueueCounters
{
    private readonly ConcurrentDictionary<string, QueueSummary> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTime> _arrivals = new();

    public void Load(IEnumerable<QueuedMessage> messages)
    {
        foreach (var m in messages)
        {
            Add(m);
        }
    }

    public void Add(QueuedMessage m)
    {
        _arrivals[m.Id] = m.ArrivedAt;
        _byDomain.AddOrUpdate(m.Domain, _ => new QueueSummary(1, m.Size, m.ArrivedAt),
            (_, s) => new QueueSummary(s.Messages + 1, s.Bytes + m.Size, s.Oldest is { } o && o < m.ArrivedAt ? o : m.ArrivedAt));
    }

    public void Remove(QueuedMessage m)
    {
        if (!_arrivals.TryRemove(m.Id, out _))
        {
            return;
        }
        _byDomain.AddOrUpdate(m.Domain, _ => new QueueSummary(0, 0, null),
            (_, s) => new QueueSummary(s.Messages - 1, s.Bytes - m.Size, s.Messages <= 1 ? null : s.Oldest));
    }

    public QueueSummary Get(string domain) => _byDomain.TryGetValue(domain, out var s) ? s : new QueueSummary(0, 0, null);
}
