namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// A bulk action as it stands: the messages matched when it started (<see cref="Matched"/>, the only ones it
/// touches), how many it changed (<see cref="Done"/>) and how many it passed over (<see cref="Skipped"/>: no longer
/// queued, nothing to change, or in a live delivery attempt).
/// </summary>
public sealed record BulkJob(
    string Id,
    BulkAction Action,
    string Filter,
    string By,
    int Matched,
    int Done,
    int Skipped,
    BulkJobState State,
    DateTime StartedAt,
    DateTime? FinishedAt,
    string? Error)
{
    public int Processed => Done + Skipped;
}
