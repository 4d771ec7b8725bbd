using System.Diagnostics.Metrics;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// Observable gauges read when a collector asks: the queue (in total and for the largest few domains only, so the
/// number of series stays bounded), the oldest message's age, domains online, SMTP sessions open.
/// </summary>
internal sealed class StateGauges
{
    public const int LargestDomains = 10;
    private readonly IMailQueue _queue;
    private readonly TimeProvider _time;

    public StateGauges(MailMetrics metrics, IMailQueue queue, PresenceRegistry presence, SmtpIngestService ingest, TimeProvider time)
    {
        _queue = queue;
        _time = time;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("dynamicmail.queue.messages", () => _queue.SummarizeAll().Values.Sum(s => (long)s.Messages),
            "{message}", "Messages waiting in the queue");
        meter.CreateObservableGauge("dynamicmail.queue.size", () => _queue.SummarizeAll().Values.Sum(s => s.Bytes),
            "By", "Bytes waiting in the queue");
        meter.CreateObservableGauge("dynamicmail.queue.oldest.age", OldestAge, "s", "Age of the oldest queued message (0 when empty)");
        meter.CreateObservableGauge("dynamicmail.queue.domain.messages", () => Largest(s => s.Messages), "{message}",
            $"Messages waiting for each of the {LargestDomains} domains with the most");
        meter.CreateObservableGauge("dynamicmail.queue.domain.size", () => Largest(s => s.Bytes), "By",
            $"Bytes waiting for each of the {LargestDomains} domains with the most");
        meter.CreateObservableGauge("dynamicmail.domains.online", () => presence.All().Count, "{domain}", "Domains with a live session page");
        meter.CreateObservableUpDownCounter("dynamicmail.smtp.sessions", () => ingest.OpenSessions, "{session}", "SMTP sessions open");
        meter.CreateObservableCounter("dynamicmail.smtp.connections.refused", () => ingest.RefusedConnections, "{connection}",
            "Connections refused over MaxConnections or MaxConnectionsPerAddress");
    }

    private double OldestAge()
    {
        var oldest = _queue.SummarizeAll().Values.Select(s => s.Oldest).Where(o => o is not null).DefaultIfEmpty().Min();
        return oldest is { } at ? Math.Max(0, (_time.GetUtcNow().UtcDateTime - at).TotalSeconds) : 0;
    }

    /// <summary>The largest domains by <paramref name="value"/> (messages or bytes), one series each.</summary>
    private IEnumerable<Measurement<long>> Largest(Func<QueueSummary, long> value) =>
        _queue.SummarizeAll().OrderByDescending(p => value(p.Value)).Take(LargestDomains)
            .Select(p => new Measurement<long>(value(p.Value), new KeyValuePair<string, object?>("domain", p.Key.ToLowerInvariant())));
}
