namespace DynamicMail.Smtp.Delivery;

/// <summary>Delivery for one present domain: N workers sharing a wake-up signal and a refusal streak, until presence ends.</summary>
internal sealed class DomainDeliveryAgent(DeliveryContext ctx) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly WorkSignal _signal = new();
    private readonly RejectionStreak _streak = new(ctx.Options.SameRejectionLimit);
    private Task _run = Task.CompletedTask;

    public DeliveryTarget Target => ctx.Target;

    public void Start()
    {
        ctx.Board.SessionStarted(ctx.Domain.Name, ctx.Target);
        var workers = Enumerable.Range(0, ctx.Options.ConnectionsPerDomain)
            .Select(i => new DeliveryWorker(ctx, _signal, _streak, $"{ctx.Domain.Name}/{Guid.NewGuid():N}/{i}"))
            .Select(w => Task.Run(() => w.RunAsync(_stop.Token, _abort.Token)));
        _run = Task.WhenAll(workers);
    }

    /// <summary>New mail or a changed schedule: wake idle workers.</summary>
    public void Pulse() => _signal.Pulse();

    /// <summary>
    /// Presence ended: start no new transaction, let the ones in flight finish and record their outcome (a message
    /// cut off after its final dot would be sent again: a duplicate), and abort them only after StopGrace.
    /// Workers then release their leases and stop.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource())
        {
            var waited = await Task.WhenAny(_run, Task.Delay(ctx.Options.StopGrace, ctx.Time, grace.Token)).ConfigureAwait(false);
            await grace.CancelAsync().ConfigureAwait(false);
            if (waited != _run)
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _abort.Dispose();
    }
}
