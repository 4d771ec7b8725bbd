namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>Why a bulk action was not started.</summary>
public enum BulkRefusal
{
    None,

    /// <summary>The filter matches more than <see cref="QueueOptions.MaxBulkMatched"/> messages.</summary>
    TooManyMatches,

    /// <summary>Too many actions are already waiting.</summary>
    TooManyWaiting,
}
