namespace DynamicMail.Smtp.Queue;

/// <summary>Operator changes to a message's recipients; each returns why it cannot be done, or null.</summary>
internal static class MessageActions
{
    public static string? Hold(QueuedMessage message, string reason)
    {
        var waiting = message.Recipients.Where(r => r.State == RecipientState.Queued).ToList();
        foreach (var r in waiting)
        {
            r.State = RecipientState.Held;
            r.HeldReason = reason;
        }
        return waiting.Count > 0 ? null : "Nothing to hold: no recipient of this message is waiting for delivery.";
    }

    public static string? Release(QueuedMessage message, DateTime now)
    {
        var held = message.Recipients.Where(r => r.State == RecipientState.Held).ToList();
        foreach (var r in held)
        {
            r.State = RecipientState.Queued;
            r.HeldReason = null;
            r.Faults = 0;
            r.NextAttemptAt = now;
        }
        return held.Count > 0 ? null : "Nothing to release: this message is not held.";
    }

    public static string? RetryNow(QueuedMessage message, DateTime now)
    {
        var waiting = message.Recipients.Where(r => r.State == RecipientState.Queued).ToList();
        foreach (var r in waiting)
        {
            r.NextAttemptAt = now;
        }
        return waiting.Count > 0 ? null : "Nothing to retry: no recipient of this message is waiting (held ones must be released first).";
    }
}
