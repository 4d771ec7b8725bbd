using DynamicMail.Smtp;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests;

/// <summary>The limit behind the DSN rate limit and the login throttle: full for a window, free again after it.</summary>
public sealed class SlidingWindowLimitTests
{
    [Fact]
    public void FullKey_RefusesUntilItsOldestEventAgesOut_OtherKeysAreUnaffected()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var limit = new SlidingWindowLimit<string>(2, TimeSpan.FromHours(1), time);

        Assert.True(limit.TryTake("a"));
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.True(limit.TryTake("a"));
        Assert.False(limit.TryTake("a"));
        Assert.True(limit.IsFull("a"));
        Assert.False(limit.IsFull("b"));

        time.Advance(TimeSpan.FromMinutes(30));
        Assert.False(limit.IsFull("a"));
        Assert.True(limit.TryTake("a"));
        Assert.False(limit.TryTake("a"));
    }
}
