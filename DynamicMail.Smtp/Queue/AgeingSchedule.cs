using DynamicMail.Smtp.Domains;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// When a queued message next needs the ageing worker: at once when a refused recipient's sender is still to be
/// told (once no recipient is in a live attempt), else at its next delay-warning threshold or its expiry, whichever comes first.
/// A domain with its own retention (<see cref="CustomerDomain.MaxLifetime"/>) keeps its mail that long, and its delay
/// warnings come at the same fractions of it as the global ones of the global lifetime.
/// </summary>
public sealed class AgeingSchedule(IOptions<QueueOptions> options, IDomainDirectory? domains = null)
{
    /// <summary>The global lifetime (<c>Queue:MaxLifetime</c>).</summary>
    public TimeSpan MaxLifetime => options.Value.MaxLifetime;

    /// <summary>The global delay-warning thresholds.</summary>
    public IReadOnlyList<TimeSpan> Warnings { get; } = options.Value.DelayWarningThresholds;

    /// <summary>How long mail for <paramref name="domain"/> is kept: its own retention, or the global one.</summary>
    public TimeSpan MaxLifetimeOf(string domain) => domains?.FindByName(domain)?.MaxLifetime ?? MaxLifetime;

    /// <summary>The delay-warning thresholds of <paramref name="domain"/>: the global ones scaled to its lifetime.</summary>
    public IReadOnlyList<TimeSpan> WarningsOf(string domain)
    {
        var lifetime = MaxLifetimeOf(domain);
        if (lifetime == MaxLifetime || Warnings.Count == 0)
        {
            return Warnings;
        }
        var scale = (double)lifetime.Ticks / MaxLifetime.Ticks;
        return Warnings.Select(w => TimeSpan.FromTicks((long)(w.Ticks * scale))).ToList();
    }

    /// <summary>How soon after arrival a new message for <paramref name="domain"/> first needs the ageing worker.</summary>
    public TimeSpan FirstDeadlineAfterArrival(string domain)
    {
        var lifetime = MaxLifetimeOf(domain);
        var warnings = WarningsOf(domain);
        return warnings.Count > 0 && warnings[0] < lifetime ? warnings[0] : lifetime;
    }

    public DateTime ExpiresAt(QueuedMessage message) => message.ArrivedAt + MaxLifetimeOf(message.Domain);

    /// <summary>The time of the next warning still to send, or null when all were sent.</summary>
    public DateTime? NextWarningAt(QueuedMessage message) =>
        WarningsOf(message.Domain) is var warnings && message.DelayWarningsSent < warnings.Count
            ? message.ArrivedAt + warnings[message.DelayWarningsSent]
            : null;

    /// <summary>How many thresholds have passed at <paramref name="now"/>.</summary>
    public int WarningsDue(QueuedMessage message, DateTime now) => WarningsOf(message.Domain).Count(w => message.ArrivedAt + w <= now);

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
