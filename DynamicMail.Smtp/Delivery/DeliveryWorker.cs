using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// One connection's worth of delivery for a present domain: claim the oldest messages, send them over one reused
/// connection, record each recipient's outcome. A site fault releases what was claimed and pauses. Stopping
/// (<c>stop</c>) starts no new transaction; the one in flight finishes unless <c>abort</c> comes first.
/// </summary>
internal sealed class DeliveryWorker(DeliveryContext ctx, WorkSignal signal, RejectionStreak streak, string owner)
{
    private readonly OutcomeRecorder _recorder = new(ctx, streak, owner);
    private readonly WorkerConnection _connection = new(ctx);
    private readonly TranscriptWriter _transcripts = new(ctx);

    /// <summary>True while a claimed batch may hold leases not yet recorded or released (then stopping scans for them).</summary>
    private bool _unsettled;

    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        try
        {
            while (!stop.IsCancellationRequested && await RoundAsync(stop, abort).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await _connection.CloseAsync().ConfigureAwait(false);
            if (_unsettled)
            {
                await ReleaseAllAsync().ConfigureAwait(false);
            }
            else
            {
                // Every batch ended with each message recorded or given back: only held refusals remain.
                await ReleaseHeldAsync().ConfigureAwait(false);
            }
            ctx.Board.Waiting(ctx.Domain.Name, owner);
        }
    }

    /// <summary>One claim and its delivery; false when an ODMR session (StopWhenIdle) has nothing more to do.</summary>
    private async Task<bool> RoundAsync(CancellationToken stop, CancellationToken abort)
    {
        try
        {
            var pulse = signal.Next;
            var batch = await ctx.Queue.ClaimAsync(ctx.Domain.Name, owner, BatchSize(), ctx.Options.LeaseDuration).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                if (ctx.StopWhenIdle) { return false; }
                await IdleAsync(pulse, stop).ConfigureAwait(false);
                return true;
            }
            _unsettled = true;
            await DeliverBatchAsync(batch, stop, abort).ConfigureAwait(false);
            _unsettled = false;
        }
        catch (Exception ex) when (ctx.StopWhenIdle && ex is not OperationCanceledException)
        {
            // ODMR: the one connection there is failed; what was not delivered stays queued for the next session.
            ctx.Logger.LogWarning(ex, "ODMR delivery for {Domain} ended: {Reason}", ctx.Domain.Name, ex.Message);
            await ReleaseAllAsync().ConfigureAwait(false);
            return false;
        }
        catch (SiteFaultException ex)
        {
            await PauseAsync(ex, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not any message's fault (the store failed): give back every lease at once and pause.
            ctx.Logger.LogError(ex, "Delivery to {Domain} failed unexpectedly", ctx.Domain.Name);
            await ReleaseAllAsync().ConfigureAwait(false);
            await PauseAsync(new SiteFaultException("Internal error: " + ex.Message, ex), stop).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Claims fewer messages when the domain has few, so every connection gets work and one slow transaction holds
    /// back as little as possible: a quarter of each connection's share, at least one, at most BatchSize.
    /// </summary>
    private int BatchSize() =>
        Math.Clamp(ctx.Queue.Summarize(ctx.Domain.Name).Messages / (ctx.Options.ConnectionsPerDomain * 4), 1, ctx.Options.BatchSize);

    private async Task IdleAsync(Task pulse, CancellationToken stop)
    {
        await _recorder.CommitHeldAsync().ConfigureAwait(false);
        ctx.Board.WentIdle(ctx.Domain.Name, owner);
        var next = await ctx.Queue.NextAttemptAtAsync(ctx.Domain.Name, stop).ConfigureAwait(false);
        var wait = next is { } n ? Clamp(n - ctx.Now) : TimeSpan.FromSeconds(30);
        await WorkSignal.WaitAsync(pulse, wait, ctx.Time, stop).ConfigureAwait(false);
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait;

    private async Task DeliverBatchAsync(IReadOnlyList<QueuedMessage> batch, CancellationToken stop, CancellationToken abort)
    {
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (stop.IsCancellationRequested)
                {
                    await _recorder.ReleaseAsync(batch.Skip(i)).ConfigureAwait(false);
                    return;
                }
                try
                {
                    await DeliverAsync(batch[i], stop, abort).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SiteFaultException or OperationCanceledException)
                {
                    await _recorder.ReleaseAsync(batch.Skip(i)).ConfigureAwait(false);
                    throw;
                }
                catch (Exception ex) when (ex is not StoreUnavailableException)
                {
                    // Our own trouble with this one message (unreadable, its body gone, a bug): retried soon, set aside
                    // after PoisonAfter attempts; the rest of the batch goes on.
                    await _connection.CloseAsync().ConfigureAwait(false);
                    await _recorder.FaultAsync(batch[i], ex.Message).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Every outcome of the batch is on record before the next claim, a pause or the final release.
            await _recorder.SettleAsync().ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(QueuedMessage message, CancellationToken stop, CancellationToken abort)
    {
        var mine = message.Recipients.Where(r => r.State == RecipientState.Delivering && r.LeaseOwner == owner).Select(r => r.Address).ToList();
        if (mine.Count == 0)
        {
            return;
        }
        var stored = await ctx.Queue.OpenContentAsync(message).ConfigureAwait(false);
        await using var content = ctx.Sealing is { } sealing ? await sealing.ForDeliveryAsync(message, stored, stop).ConfigureAwait(false) : stored;
        var connection = await _connection.OpenAsync(stop).ConfigureAwait(false);
        ctx.Board.Delivering(ctx.Domain.Name, message.Id, message.Sender, message.Size, connection.Tls, owner);
        ctx.Events.Publish(new MessageDelivering(ctx.Domain.Name, ctx.Now, message.Id, message.Sender, message.Size));
        var result = await TransactAsync(connection, message, mine, content, abort).ConfigureAwait(false);
        await _transcripts.SaveAsync(message.Id, connection.TakeTranscript(), connection.Tls, TranscriptWriter.Outcome(result)).ConfigureAwait(false);
        if (result.Broken)
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
        var outcomes = mine.Select(a => OutcomeMapping.For(a, result) with { Remote = ctx.Target.Host }).ToList();
        TransactionLog.Write(ctx, message, connection.Tls, result, outcomes);
        await _recorder.RecordAsync(message, outcomes).ConfigureAwait(false);
    }

    /// <summary>One transaction, bounded in total time (TransactionTimeout plus a second per 64 KiB), not only per read.</summary>
    private async Task<TransactionResult> TransactAsync(
        IMailConnection connection, QueuedMessage message, List<string> rcpts, Stream content, CancellationToken abort)
    {
        var budget = ctx.Options.TransactionTimeout + TimeSpan.FromSeconds(message.Size / (64 * 1024));
        using var timeout = new CancellationTokenSource(budget, ctx.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, timeout.Token);
        try
        {
            return await connection.SendAsync(message.Sender, rcpts, content, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            return TransactionResult.BrokenOff([], $"Your mail server did not complete the transaction within {budget:g}");
        }
        catch (SiteFaultException ex) when (ex.Attempted)
        {
            await _transcripts.SaveAsync(message.Id, ex.Transcript ?? [], connection.Tls, ex.Message).ConfigureAwait(false);
            _recorder.RetrySoon(message, ex.Message);
            throw;
        }
    }

    private async Task PauseAsync(SiteFaultException fault, CancellationToken stop)
    {
        await ReleaseHeldAsync().ConfigureAwait(false);
        await _connection.CloseAsync().ConfigureAwait(false);
        if (!fault.Attempted)
        {
            // Attempted faults were kept with their message; this one is the connection's (refused, TLS, pin, name).
            await _transcripts.SaveAsync(null, fault.Transcript ?? [], null, fault.Message).ConfigureAwait(false);
        }
        var retryAt = ctx.Now + ctx.Options.RetryInterval;
        ctx.Logger.LogWarning("Delivery to {Domain} at {Target} paused: {Reason}", ctx.Domain.Name, ctx.Target, fault.Message);
        ctx.Board.Fault(ctx.Domain.Name, ReplyText.Shorten(fault.Message), fault.Refused, retryAt, owner);
        await Task.Delay(ctx.Options.RetryInterval, ctx.Time, stop).ConfigureAwait(false);
    }

    /// <summary>Gives back held refusals and every lease this worker holds; a failing store is logged, never thrown.</summary>
    private async Task ReleaseAllAsync()
    {
        await ReleaseHeldAsync().ConfigureAwait(false);
        try
        {
            await ctx.Queue.ReleaseAsync(owner).ConfigureAwait(false);
            _unsettled = false;
        }
        catch (Exception ex)
        {
            ctx.Logger.LogError(ex, "Releasing the leases of {Owner} failed; they run out by themselves", owner);
        }
    }

    private async Task ReleaseHeldAsync()
    {
        try
        {
            await _recorder.ReleaseHeldAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ctx.Logger.LogError(ex, "Releasing held refusals for {Domain} failed; their leases run out by themselves", ctx.Domain.Name);
        }
    }
}
