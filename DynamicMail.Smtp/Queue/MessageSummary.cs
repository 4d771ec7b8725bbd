namespace DynamicMail.Smtp.Queue;

/// <summary>How lists (console, API) name a message's state.</summary>
public static class MessageSummary
{
    /// <summary>The message's state in one word, for lists: the most urgent of its recipients' states.</summary>
    public static string Of(QueuedMessage message)
    {
        var states = message.Recipients.Select(r => r.State).ToHashSet();
        return states.Contains(RecipientState.Delivering) ? "Delivering"
            : states.Contains(RecipientState.Held) ? "Held"
            : message.Recipients.Exists(r => r.State == RecipientState.Queued && r.Attempts > 0) ? "Deferred"
            : states.Contains(RecipientState.Queued) ? "Queued"
            : states.Contains(RecipientState.Failed) ? "Failed"
            : "Done";
    }
}
