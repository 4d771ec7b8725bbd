namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// At most N DSNs per sender domain in any hour, so forged senders cannot turn DynamicMail into a backscatter source.
/// </summary>
internal sealed class BounceRateLimiter(int maxPerHour, TimeProvider time)
{
    private readonly SlidingWindowLimit<string> _limit = new(maxPerHour, TimeSpan.FromHours(1), time);
    private long _suppressed;

    /// <summary>DSNs dropped by the limit since start.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Takes one slot for <paramref name="senderDomain"/>; false (and counted) when its hour is full.</summary>
    public bool TryTake(string senderDomain)
    {
        if (_limit.TryTake(senderDomain.ToLowerInvariant()))
        {
            return true;
        }
        Interlocked.Increment(ref _suppressed);
        return false;
    }
}
