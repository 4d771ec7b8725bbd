using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// Records one worker's outcomes: each message's outcomes in one store write (so its refusals make one DSN); the writes
/// of a batch wait until the batch ends (or another write of this worker comes) and then go to the store back to back,
/// so its writer commits them in one transaction. A recipient is marked delivered only after its 2xx; a crash before
/// that commit sends it again (a duplicate, never a loss). Whole-message refusals go through the domain's
/// <see cref="RejectionStreak"/>.
/// </summary>
internal sealed class OutcomeRecorder(DeliveryContext ctx, RejectionStreak streak, string owner)
{
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(15);
    private readonly List<Task> _settling = [];
    private readonly List<HeldRefusal> _deferred = [];

    /// <exception cref="SiteFaultException">Several different messages in a row were refused with the same reply.</exception>
    public async Task RecordAsync(QueuedMessage message, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (RejectionStreak.WholeMessageRefusal(outcomes) is { } reply)
        {
            var (genuine, siteFault) = streak.Add(new HeldRefusal(owner, message, outcomes), reply);
            Commit(genuine);
            if (siteFault is not null)
            {
                await ReleaseAsync(siteFault).ConfigureAwait(false);
                var last = siteFault[^1].Outcomes[0].Reply;
                throw new SiteFaultException(ReplyText.Shorten($"Your mail server refused {siteFault.Count} messages in a row with: {last}"), refused: true);
            }
            return;
        }
        Commit(streak.Take());
        _deferred.Add(new HeldRefusal(owner, message, outcomes));
    }

    /// <summary>No more work: the refusals held so far are genuine.</summary>
    public Task CommitHeldAsync()
    {
        Commit(streak.Take());
        return SettleAsync();
    }

    /// <summary>A pause or a stop: held refusals are given back untried, as the site may be refusing everything.</summary>
    public Task ReleaseHeldAsync() => ReleaseAsync(streak.Take());

    /// <summary>Waits until every outcome recorded so far is in the store.</summary>
    public async Task SettleAsync()
    {
        StartDeferred();
        var pending = _settling.ToArray();
        _settling.Clear();
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>
    /// One bad message never holds up the rest: an internal error with this message is retried soon, and after
    /// PoisonAfter such attempts in a row the message is held for the operator with the error (visible in the console).
    /// </summary>
    public async Task FaultAsync(QueuedMessage message, string reason)
    {
        var limit = ctx.Options.PoisonAfter;
        var outcomes = Mine(message).Select(r => (r.Faults + 1 >= limit
            ? new DeliveryOutcome(r.Address, RecipientOutcome.Held, ReplyText.Shorten($"Set aside after {limit} failed attempts: {reason}"))
            : new DeliveryOutcome(r.Address, RecipientOutcome.TryLater, ReplyText.Shorten("Internal error: " + reason), SoonAfter(r.Faults)))
            with { Fault = true }).ToList();
        if (outcomes.Exists(o => o.Kind == RecipientOutcome.Held))
        {
            ctx.Logger.LogWarning("Set aside {MessageId} for {Domain} after {Attempts} failed attempts: {Reason}", message.Id, ctx.Domain.Name, limit, reason);
        }
        else
        {
            ctx.Logger.LogWarning("Delivering {MessageId} for {Domain} failed, tried again soon: {Reason}", message.Id, ctx.Domain.Name, reason);
        }
        StartDeferred();
        await CommitAsync(owner, message, outcomes).ConfigureAwait(false);
    }

    /// <summary>The connection broke in this message's transaction: retried after a short wait that doubles with each attempt.</summary>
    public void RetrySoon(QueuedMessage message, string reply)
    {
        var why = ReplyText.Shorten(reply);
        var outcomes = Mine(message).Select(r => new DeliveryOutcome(r.Address, RecipientOutcome.TryLater, why, SoonAfter(r.Attempts))).ToList();
        _deferred.Add(new HeldRefusal(owner, message, outcomes));
    }

    /// <summary>Gives back, unattempted, what this worker claimed of <paramref name="messages"/>.</summary>
    public async Task ReleaseAsync(IEnumerable<QueuedMessage> messages)
    {
        StartDeferred();
        // Back to back, so the store commits them together.
        var releases = messages.Select(m => (m.Id, Outcomes: Mine(m).Select(r => new DeliveryOutcome(r.Address, RecipientOutcome.Released, null)).ToList()))
            .Where(m => m.Outcomes.Count > 0)
            .Select(m => ctx.Queue.CompleteAsync(m.Id, owner, m.Outcomes)).ToList();
        await Task.WhenAll(releases).ConfigureAwait(false);
    }

    private IEnumerable<QueuedRecipient> Mine(QueuedMessage message) =>
        message.Recipients.Where(r => r.State == RecipientState.Delivering && r.LeaseOwner == owner);

    /// <summary>After a 4xx: DeferBackoff, doubling with each attempt, at most 15 minutes.</summary>
    private TimeSpan Deferred(QueuedMessage message, string address)
    {
        var attempts = message.Recipients.Find(r => r.Address == address)?.Attempts ?? 0;
        return TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, ctx.Options.DeferBackoff.Ticks << Math.Clamp(attempts, 0, 16)));
    }

    private TimeSpan SoonAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, ctx.Options.RetryInterval.Ticks << Math.Clamp(attempts, 0, 16)));

    private async Task ReleaseAsync(List<HeldRefusal> held)
    {
        StartDeferred();
        var releases = held.Select(h => ctx.Queue.CompleteAsync(
            h.Message.Id, h.Owner, h.Outcomes.Select(o => o with { Kind = RecipientOutcome.Released }).ToList())).ToList();
        await Task.WhenAll(releases).ConfigureAwait(false);
    }

    private void Commit(List<HeldRefusal> genuine) => _deferred.AddRange(genuine);

    /// <summary>Starts the deferred writes back to back, before any other write of this worker (the store keeps their order).</summary>
    private void StartDeferred()
    {
        _settling.AddRange(_deferred.Select(h => CommitAsync(h.Owner, h.Message, h.Outcomes)));
        _deferred.Clear();
    }

    private async Task CommitAsync(string leaseOwner, QueuedMessage message, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var now = ctx.Now;
        // A domain that holds refusals keeps them for its operator instead of returning them to the sender.
        var settled = outcomes.Select(o => o.Kind switch
        {
            RecipientOutcome.Rejected when ctx.Domain.HoldRejected => o with { Kind = RecipientOutcome.Held },
            RecipientOutcome.TryLater when o.RetryAfter is null => o with { RetryAfter = Deferred(message, o.Address) },
            _ => o,
        }).ToList();
        await ctx.Queue.CompleteAsync(message.Id, leaseOwner, settled).ConfigureAwait(false);
        foreach (var o in settled.Where(o => o.Kind != RecipientOutcome.Released))
        {
            Announce(message, o, now);
        }
    }

    private void Announce(QueuedMessage message, DeliveryOutcome o, DateTime now)
    {
        var delivered = o.Kind == RecipientOutcome.Delivered;
        var reply = o.Reply ?? "";
        ctx.Board.Recorded(ctx.Domain.Name, new DeliveryRecord(now, message.Id, message.Sender, o.Address, message.Size, reply, delivered, message.Tls, message.Auth));
        ctx.Events.Publish(delivered
            ? new RecipientDelivered(ctx.Domain.Name, now, message.Id, message.Sender, o.Address, message.Size, reply)
            : new RecipientFailed(ctx.Domain.Name, now, message.Id, message.Sender, o.Address, reply,
                Permanent: o.Kind is RecipientOutcome.Rejected or RecipientOutcome.Held));
    }
}
