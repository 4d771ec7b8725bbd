namespace DynamicMail.Web.Admin;

/// <summary>Per-minute counts in a 60-slot ring, so the last hour costs nothing to keep.</summary>
internal sealed class MinuteCounter
{
    private readonly Lock _gate = new();
    private readonly (long Minute, int Accepted, int Delivered)[] _slots = new (long, int, int)[60];

    public void Add(DateTime at, int accepted, int delivered)
    {
        var minute = at.Ticks / TimeSpan.TicksPerMinute;
        lock (_gate)
        {
            ref var slot = ref _slots[minute % 60];
            slot = slot.Minute == minute ? (minute, slot.Accepted + accepted, slot.Delivered + delivered) : (minute, accepted, delivered);
        }
    }

    /// <summary>The 60 minutes up to and including the current one, oldest first.</summary>
    public IReadOnlyList<MinuteCount> LastHour(DateTime now)
    {
        var current = now.Ticks / TimeSpan.TicksPerMinute;
        var result = new List<MinuteCount>(60);
        lock (_gate)
        {
            for (var m = current - 59; m <= current; m++)
            {
                var slot = _slots[m % 60];
                var (accepted, delivered) = slot.Minute == m ? (slot.Accepted, slot.Delivered) : (0, 0);
                result.Add(new MinuteCount(new DateTime(m * TimeSpan.TicksPerMinute, DateTimeKind.Utc), accepted, delivered));
            }
        }
        return result;
    }
}
