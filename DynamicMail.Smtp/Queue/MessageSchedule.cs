namespace DynamicMail.Smtp.Queue;

/// <summary>
/// The two summary times every store keeps with a message after its recipients changed: when a recipient may next
/// be attempted (claims) and when the ageing worker next needs it (delay warnings, expiry, refusals to report).
/// </summary>
internal static class MessageSchedule
{
    public static void Update(QueuedMessage message, AgeingSchedule ageing)
    {
        message.NextAttemptAt = NextAttempt(message);
        message.NextDeadline = ageing.NextDeadline(message);
    }

    /// <summary>The earliest retry time of a waiting recipient or lease expiry of one in an attempt; null when none.</summary>
    public static DateTime? NextAttempt(QueuedMessage message)
    {
        DateTime? next = null;
        foreach (var r in message.Recipients)
        {
            var at = r.State switch
            {
                RecipientState.Queued => r.NextAttemptAt,
                RecipientState.Delivering => r.LeaseExpiresAt,
                _ => null,
            };
            if (at is { } t && (next is null || t < next))
            {
                next = t;
            }
        }
        return next;
    }
}
