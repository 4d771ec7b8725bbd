namespace DynamicMail.Tests.TestSupport;

public static class Wait
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <paramref name="ms"/>.</summary>
    public static Task Until(Func<bool> condition, string what, int ms = 10000) =>
        Until(() => Task.FromResult(condition()), what, ms);

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, also a question asked of another process (a child node's SMTP
    /// door, an HTTP API); fails naming <paramref name="what"/> after <paramref name="ms"/>. In-process state has
    /// events: wait on those where there are.
    /// </summary>
    public static async Task Until(Func<Task<bool>> condition, string what, int ms = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(ms);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for: " + what);
            await Task.Delay(20);
        }
    }
}
