namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// Wakes every waiting worker at once (new mail, presence change). A worker takes <see cref="Next"/> before it
/// looks for work and waits on that, so a pulse that comes while it looks is never lost.
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next pulse.</summary>
    public Task Next => Volatile.Read(ref _pulse).Task;

    public void Pulse() => Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="pulse"/> (taken from <see cref="Next"/>) or the timeout, whichever comes first.</summary>
    public static Task WaitAsync(Task pulse, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitUntilAsync(pulse, time.GetUtcNow().UtcDateTime + timeout, time, cancellationToken);

    /// <summary>
    /// Waits for <paramref name="pulse"/> or until the clock reaches <paramref name="until"/>. The clock is read again
    /// once the timer is set, so a clock that jumps past the target meanwhile (a test's fake clock) is not slept through.
    /// </summary>
    public static async Task WaitUntilAsync(Task pulse, DateTime until, TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = until - time.GetUtcNow().UtcDateTime;
        if (pulse.IsCompleted || wait <= TimeSpan.Zero)
        {
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, time, cts.Token);
        if (time.GetUtcNow().UtcDateTime < until)
        {
            await Task.WhenAny(pulse, delay).ConfigureAwait(false);
        }
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
