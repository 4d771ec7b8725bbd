using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// One connection's worth of delivery for a present domain: claim the oldest messages, send them over one reused
/// connection, record each recipient's outcome. A site fault releases what was claimed and pauses.
/// </summary>
internal sealed class DeliveryWorker(DeliveryContext ctx, WorkSignal signal, string owner)
{
    private readonly RejectionStreak _streak = new(ctx.Options.SameRejectionLimit);
    private readonly List<Task> _settling = [];
    private IMailConnection? _connection;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var pulse = signal.Next;
                    var batch = await ctx.Queue.ClaimAsync(ctx.Domain.Name, owner, ctx.Options.BatchSize, ctx.Options.LeaseDuration).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        if (ctx.StopWhenIdle) { return; }
                        await IdleAsync(pulse, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await DeliverBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (SiteFaultException ex) when (ctx.StopWhenIdle)
                {
                    ctx.Logger.LogWarning("ODMR delivery for {Domain} ended: {Reason}", ctx.Domain.Name, ex.Message);
                    return;
                }
                catch (SiteFaultException ex)
                {
                    await PauseAsync(ex, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && ctx.StopWhenIdle)
                {
                    ctx.Logger.LogError(ex, "ODMR delivery for {Domain} failed unexpectedly", ctx.Domain.Name);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad message never kills the loop: its leases run out and it is tried again later.
                    ctx.Logger.LogError(ex, "Delivery to {Domain} failed unexpectedly", ctx.Domain.Name);
                    await PauseAsync(new SiteFaultException("Internal error: " + ex.Message, ex), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
            await ctx.Queue.ReleaseAsync(owner).ConfigureAwait(false);
        }
    }

    private async Task IdleAsync(Task pulse, CancellationToken cancellationToken)
    {
        await CompleteAsync(_streak.Take()).ConfigureAwait(false);
        ctx.Board.Waiting(ctx.Domain.Name);
        var next = ctx.Queue.NextAttemptAt(ctx.Domain.Name);
        var wait = next is { } n ? Clamp(n - ctx.Now) : TimeSpan.FromSeconds(30);
        await WorkSignal.WaitAsync(pulse, wait, ctx.Time, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait;

    private async Task DeliverBatchAsync(IReadOnlyList<QueuedMessage> batch, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    await ReleaseAsync(batch.Skip(i)).ConfigureAwait(false);
                    return;
                }
                try
                {
                    await DeliverAsync(batch[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SiteFaultException or OperationCanceledException)
                {
                    await ReleaseAsync(batch.Skip(i)).ConfigureAwait(false);
                    throw;
                }
            }
        }
        finally
        {
            // Every outcome of the batch is on record before the next claim, a pause or the final release.
            await SettleAsync().ConfigureAwait(false);
        }
    }

    private async Task SettleAsync()
    {
        var pending = _settling.ToArray();
        _settling.Clear();
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task DeliverAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        var mine = message.Recipients.Where(r => r.State == RecipientState.Delivering && r.LeaseOwner == owner).Select(r => r.Address).ToList();
        if (mine.Count == 0)
        {
            return;
        }
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        ctx.Board.Delivering(ctx.Domain.Name, message.Id, message.Sender, message.Size, connection.Tls);
        ctx.Events.Publish(new MessageDelivering(ctx.Domain.Name, ctx.Now, message.Id, message.Sender, message.Size));
        TransactionResult result;
        await using (var content = ctx.Queue.OpenContent(message))
        {
            result = await connection.SendAsync(message.Sender, mine, content, cancellationToken).ConfigureAwait(false);
        }
        await RecordAsync(message, mine, result).ConfigureAwait(false);
    }

    private async Task RecordAsync(QueuedMessage message, List<string> mine, TransactionResult result)
    {
        var now = ctx.Now;
        var settled = new List<DeliveryOutcome>();
        foreach (var outcome in mine.Select(a => OutcomeMapping.For(a, result) with { Remote = ctx.Target.Host }))
        {
            if (outcome.Kind == RecipientOutcome.Rejected)
            {
                await CompleteAsync(_streak.Add(message.Id, outcome)).ConfigureAwait(false);
                continue;
            }
            await CompleteAsync(_streak.Take()).ConfigureAwait(false);
            settled.Add(outcome);
        }
        // Recorded while the next message is being sent: the store writer then commits several outcomes at once.
        _settling.Add(RecordSettledAsync(message, settled, now));
        if (_streak.IsSiteFault)
        {
            var held = _streak.Take();
            await ReleaseHeldAsync(held).ConfigureAwait(false);
            throw new SiteFaultException($"Your mail server refused {held.Count} recipients in a row with: {held[^1].Outcome.Reply}", refused: true);
        }
    }

    private async Task RecordSettledAsync(QueuedMessage message, List<DeliveryOutcome> settled, DateTime now)
    {
        await ctx.Queue.CompleteAsync(message.Id, owner, settled).ConfigureAwait(false);
        foreach (var o in settled.Where(o => o.Kind is RecipientOutcome.Delivered or RecipientOutcome.TryLater))
        {
            Announce(message, o, now);
        }
    }

    private void Announce(QueuedMessage message, DeliveryOutcome o, DateTime now)
    {
        var delivered = o.Kind == RecipientOutcome.Delivered;
        ctx.Board.Recorded(ctx.Domain.Name, new DeliveryRecord(now, message.Id, message.Sender, o.Address, message.Size, o.Reply ?? "", delivered));
        ctx.Events.Publish(delivered
            ? new RecipientDelivered(ctx.Domain.Name, now, message.Id, message.Sender, o.Address, message.Size, o.Reply ?? "")
            : new RecipientFailed(ctx.Domain.Name, now, message.Id, message.Sender, o.Address, o.Reply ?? "", Permanent: false));
    }

    /// <summary>Settles refusals the streak has shown to be genuine.</summary>
    private async Task CompleteAsync(List<(string MessageId, DeliveryOutcome Outcome)> refusals)
    {
        foreach (var group in refusals.GroupBy(r => r.MessageId))
        {
            // A domain that holds refusals keeps them for its operator instead of returning them to the sender.
            var settled = group.Select(g => ctx.Domain.HoldRejected ? g.Outcome with { Kind = RecipientOutcome.Held } : g.Outcome).ToList();
            await ctx.Queue.CompleteAsync(group.Key, owner, settled).ConfigureAwait(false);
            foreach (var (id, o) in group)
            {
                ctx.Board.Recorded(ctx.Domain.Name, new DeliveryRecord(ctx.Now, id, "", o.Address, 0, o.Reply ?? "", false));
                ctx.Events.Publish(new RecipientFailed(ctx.Domain.Name, ctx.Now, id, "", o.Address, o.Reply ?? "", Permanent: true));
            }
        }
    }

    private async Task ReleaseHeldAsync(List<(string MessageId, DeliveryOutcome Outcome)> held)
    {
        foreach (var group in held.GroupBy(h => h.MessageId))
        {
            var released = group.Select(g => g.Outcome with { Kind = RecipientOutcome.Released }).ToList();
            await ctx.Queue.CompleteAsync(group.Key, owner, released).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(IEnumerable<QueuedMessage> messages)
    {
        foreach (var m in messages)
        {
            var released = m.Recipients.Where(r => r.LeaseOwner == owner)
                .Select(r => new DeliveryOutcome(r.Address, RecipientOutcome.Released, null)).ToList();
            await ctx.Queue.CompleteAsync(m.Id, owner, released).ConfigureAwait(false);
        }
    }

    private async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsConnected: true })
        {
            return _connection;
        }
        await CloseAsync().ConfigureAwait(false);
        _connection = await ctx.Sender.ConnectAsync(ctx.Target, cancellationToken).ConfigureAwait(false);
        if (ctx.Domain.TlsFingerprint is { Length: > 0 } pin && !string.Equals(pin.Replace(":", "", StringComparison.Ordinal), _connection.Tls.Fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new SiteFaultException($"The TLS certificate of your mail server ({_connection.Tls.Fingerprint ?? "no TLS"}) does not match the pinned fingerprint", refused: true);
        }
        return _connection;
    }

    private async Task PauseAsync(SiteFaultException fault, CancellationToken cancellationToken)
    {
        await ReleaseHeldAsync(_streak.Take()).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
        var retryAt = ctx.Now + ctx.Options.RetryInterval;
        ctx.Logger.LogWarning("Delivery to {Domain} at {Target} paused: {Reason}", ctx.Domain.Name, ctx.Target, fault.Message);
        ctx.Board.Fault(ctx.Domain.Name, fault.Message, fault.Refused, retryAt);
        await Task.Delay(ctx.Options.RetryInterval, ctx.Time, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }
}
