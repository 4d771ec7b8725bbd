using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// When a queued message next needs the ageing worker: at once when a refused recipient's sender is still to be
/// told (once no recipient is in a live attempt), else at its next delay-warning threshold or its expiry, whichever comes first.
/// </summary>
public sealed class AgeingSchedule(IOptions<QueueOptions> options)
{
    public TimeSpan MaxLifetime => options.Value.MaxLifetime;

    public IReadOnlyList<TimeSpan> Warnings { get; } = options.Value.DelayWarningThresholds;

    /// <summary>How soon after arrival a new message first needs the ageing worker.</summary>
    public TimeSpan FirstDeadlineAfterArrival => Warnings.Count > 0 && Warnings[0] < MaxLifetime ? Warnings[0] : MaxLifetime;

    public DateTime ExpiresAt(QueuedMessage message) => message.ArrivedAt + MaxLifetime;

    /// <summary>The time of the next warning still to send, or null when all were sent.</summary>
    public DateTime? NextWarningAt(QueuedMessage message) =>
        message.DelayWarningsSent < Warnings.Count ? message.ArrivedAt + Warnings[message.DelayWarningsSent] : null;

    /// <summary>How many thresholds have passed at <paramref name="now"/>.</summary>
    public int WarningsDue(QueuedMessage message, DateTime now) => Warnings.Count(w => message.ArrivedAt + w <= now);

    public DateTime? NextDeadline(QueuedMessage message)
    {
        if (message.Recipients.Exists(r => r.State == RecipientState.Failed))
        {
            // At once, unless other recipients are in a live attempt: then when their lease ends (their outcome
            // comes first, and all refusals go in one DSN).
            return message.Recipients.Where(r => r.State == RecipientState.Delivering).Min(r => r.LeaseExpiresAt) ?? message.ArrivedAt;
        }
        if (!message.IsPending)
        {
            return null;
        }
        var expiry = ExpiresAt(message);
        if (!message.Recipients.Exists(r => r.State is RecipientState.Queued or RecipientState.Held)
            && message.Recipients.Where(r => r.State == RecipientState.Delivering).Min(r => r.LeaseExpiresAt) is { } lease && lease > expiry)
        {
            // Only recipients in a live delivery attempt are left: look again when their lease ends.
            expiry = lease;
        }
        return NextWarningAt(message) is { } w && w < expiry ? w : expiry;
    }
}
