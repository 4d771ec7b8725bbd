namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// Operator actions on everything a filter matches. A started action runs in the background, in small batches that
/// never hold up ingest or delivery, and is audited once with its filter, action and count.
/// </summary>
public interface IBulkActions
{
    /// <summary>How many queued messages match now.</summary>
    Task<int> CountAsync(QueueFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The most messages one action may take on; a filter matching more is refused.</summary>
    int MaxMatched { get; }

    /// <summary>
    /// Matches the queue now and starts the action on exactly those messages; <paramref name="filterText"/> is how
    /// the filter is shown in the audit log. Refused, starting nothing, when the filter matches more than
    /// <see cref="MaxMatched"/> or too many actions are already waiting.
    /// </summary>
    Task<BulkStart> StartAsync(QueueFilter filter, string filterText, BulkAction action, string by,
        CancellationToken cancellationToken = default);

    /// <summary>The action with this id as it stands now; null when unknown.</summary>
    BulkJob? Find(string id);

    /// <summary>The most recent actions, newest first.</summary>
    IReadOnlyList<BulkJob> Recent(int take);
}
