namespace DynamicMail.Smtp.Delivery;

/// <summary>Delivery for one present domain: N workers sharing a wake-up signal, until presence ends.</summary>
internal sealed class DomainDeliveryAgent(DeliveryContext ctx) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly WorkSignal _signal = new();
    private Task _run = Task.CompletedTask;

    public DeliveryTarget Target => ctx.Target;

    public void Start()
    {
        ctx.Board.SessionStarted(ctx.Domain.Name, ctx.Target);
        var workers = Enumerable.Range(0, ctx.Options.ConnectionsPerDomain)
            .Select(i => new DeliveryWorker(ctx, _signal, $"{ctx.Domain.Name}/{Guid.NewGuid():N}/{i}"))
            .Select(w => Task.Run(() => w.RunAsync(_stop.Token)));
        _run = Task.WhenAll(workers);
    }

    /// <summary>New mail or a changed schedule: wake idle workers.</summary>
    public void Pulse() => _signal.Pulse();

    /// <summary>Presence ended: start no new transaction; workers release their leases and stop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
