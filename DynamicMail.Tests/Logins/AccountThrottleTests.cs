using DynamicMail.Web.Logins;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Logins;

/// <summary>The per-account throttle's arithmetic, on a fake clock: five failures lock, each further one locks twice as long.</summary>
public sealed class AccountThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FiveFailures_LockForOneMinute_ThenEachFailureLocksTwiceAsLong_UpToFifteen()
    {
        var throttle = new AccountThrottle(_time);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(throttle.TryBegin("customer:x:admin"));
        }

        foreach (var minutes in new[] { 1, 2, 4, 8, 15 })
        {
            Assert.False(throttle.TryBegin("customer:x:admin"));
            _time.Advance(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1));
            Assert.False(throttle.TryBegin("customer:x:admin"));
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(throttle.TryBegin("customer:x:admin"));
        }
        Assert.True(throttle.TryBegin("customer:x:other"));
    }

    [Fact]
    public void AfterAQuietWindow_TheStreakStartsAgainAtFive()
    {
        var throttle = new AccountThrottle(_time);
        for (var i = 0; i < 5; i++)
        {
            throttle.TryBegin("a");
        }
        _time.Advance(AccountThrottle.Window);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(throttle.TryBegin("a")));
        Assert.False(throttle.TryBegin("a"));
    }

    [Fact]
    public void Success_EndsTheStreak()
    {
        var throttle = new AccountThrottle(_time);
        for (var i = 0; i < 4; i++)
        {
            throttle.TryBegin("a");
        }

        throttle.Succeeded("a");

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(throttle.TryBegin("a")));
    }

    [Fact]
    public async Task ParallelAttempts_ExactlyFiveGetThrough()
    {
        var throttle = new AccountThrottle(_time);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => throttle.TryBegin("a"), TestContext.Current.CancellationToken)));

        Assert.Equal(5, results.Count(r => r));
    }
}
