namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// What bulk actions need from a store: the messages a filter matches, and changes to many messages at once. Each
/// write is one durable commit over a batch the caller keeps small, so ingest and delivery commits interleave.
/// The bulk action's audit entry is written before the first batch (through <see cref="Operators.IAuditLog"/>).
/// </summary>
internal interface IBulkQueueStore
{
    /// <summary>How many messages match <paramref name="filter"/> (age measured at <paramref name="now"/>).</summary>
    Task<int> CountAsync(QueueFilter filter, DateTime now, CancellationToken cancellationToken = default);

    /// <summary>The ids of the matching messages, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> MatchAsync(QueueFilter filter, DateTime now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> (true when it changed the message) to each listed message still queued,
    /// updates its schedule and stores the changed ones, in one durable write; returns the changed messages.
    /// </summary>
    Task<IReadOnlyList<QueuedMessage>> EditManyAsync(IReadOnlyList<string> ids, Func<QueuedMessage, bool> change);

    /// <summary>Removes each listed message (and its bytes) for which <paramref name="mayDelete"/> is true, in one durable write; returns them.</summary>
    Task<IReadOnlyList<QueuedMessage>> DeleteManyAsync(IReadOnlyList<string> ids, Func<QueuedMessage, bool> mayDelete);
}
