namespace DynamicMail.Smtp.Queue;

/// <summary>Applies one attempt's outcomes to a message's recipients (only those leased by the owner).</summary>
internal static class RecipientOutcomes
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    public static void Apply(QueuedMessage message, string owner, IReadOnlyList<DeliveryOutcome> outcomes, DateTime now)
    {
        foreach (var outcome in outcomes)
        {
            var r = message.Recipients.Find(x => x.Address == outcome.Address && x.State == RecipientState.Delivering && x.LeaseOwner == owner);
            if (r is null)
            {
                continue;
            }
            r.LeaseOwner = null;
            r.LeaseExpiresAt = null;
            if (outcome.Kind != RecipientOutcome.Released)
            {
                r.Attempts++;
                r.LastAttemptAt = now;
                r.LastReply = outcome.Reply;
                r.RemoteMta = outcome.Remote ?? r.RemoteMta;
                r.Faults = outcome.Fault ? r.Faults + 1 : 0;
            }
            r.HeldReason = outcome.Kind == RecipientOutcome.Held ? outcome.Reply : null;
            (r.State, r.NextAttemptAt) = outcome.Kind switch
            {
                RecipientOutcome.Delivered => (RecipientState.Delivered, r.NextAttemptAt),
                RecipientOutcome.Rejected => (RecipientState.Failed, r.NextAttemptAt),
                RecipientOutcome.Held => (RecipientState.Held, r.NextAttemptAt),
                RecipientOutcome.TryLater => (RecipientState.Queued, now + (outcome.RetryAfter ?? Backoff(r.Attempts))),
                _ => (RecipientState.Queued, now),
            };
        }
    }

    /// <summary>30 s, 1 min, 2 min … capped at 15 min.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Clamp(attempts - 1, 0, 10)));
}
