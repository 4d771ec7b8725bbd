using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// What the operator's queue actions need from a store. A change and its audit entry commit together in one call,
/// so an action is never done without its record, nor recorded without being done.
/// </summary>
internal interface IQueueAdminStore
{
    /// <summary>A page of messages matching <paramref name="filter"/> (age measured at <paramref name="now"/>), oldest first, after the cursor.</summary>
    Task<QueuePage> BrowseAsync(QueueFilter filter, string? after, int take, DateTime now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the message, applies <paramref name="change"/> (which returns a refusal, or null), updates its schedule,
    /// and stores it with <paramref name="audit"/>'s entry, durably; nothing is written when refused.
    /// </summary>
    Task<QueueEdit> EditAsync(string id, Func<QueuedMessage, string?> change, Func<QueuedMessage, AuditEntry> audit);

    /// <summary>
    /// Removes the message (and its bytes) with <paramref name="audit"/>'s entry, durably, unless <paramref name="refuse"/>
    /// returns a refusal.
    /// </summary>
    Task<QueueEdit> DeleteAsync(string id, Func<QueuedMessage, string?> refuse, Func<QueuedMessage, AuditEntry> audit);
}

/// <summary>The message as it was changed (null when it is not queued), or why nothing changed.</summary>
internal sealed record QueueEdit(QueuedMessage? Message, string? Refusal)
{
    public static QueueEdit NotFound { get; } = new(null, null);
}
