using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Queue;

/// <summary>The per-domain summary the pages show: counts, bytes and an oldest age that stays true as mail leaves.</summary>
public sealed class QueueCountersTests
{
    private static readonly DateTime T0 = new(2026, 11, 28, 8, 0, 0, DateTimeKind.Utc);

    private static QueuedMessage Message(string id, int minutes, long size) =>
        new() { Id = id, Domain = "xyz.com", ArrivedAt = T0.AddMinutes(minutes), Size = size };

    [Fact]
    public void WhenTheOldestLeaves_TheNextOldestIsReported()
    {
        var counters = new QueueCounters();
        var (a, b, c) = (Message("0001", 0, 100), Message("0002", 5, 200), Message("0003", 9, 300));
        counters.Load([c, a, b]);

        Assert.Equal(new QueueSummary(3, 600, T0), counters.Get("XYZ.com"));
        counters.Remove(a);
        Assert.Equal(new QueueSummary(2, 500, T0.AddMinutes(5)), counters.Get("xyz.com"));
        counters.Remove(a);
        counters.Remove(c);
        counters.Remove(b);
        Assert.Equal(new QueueSummary(0, 0, null), counters.Get("xyz.com"));
        Assert.Equal(new QueueSummary(0, 0, null), counters.Get("abc.org"));
    }
}
