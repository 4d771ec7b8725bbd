namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>One bulk action while it waits and runs: the ids it matched at its start, and its counters.</summary>
internal sealed class BulkRun(string id, BulkAction action, string filter, string by, IReadOnlyList<string> ids, DateTime startedAt)
{
    private readonly Lock _gate = new();
    private int _done;
    private int _skipped;
    private BulkJobState _state = BulkJobState.Waiting;
    private DateTime? _finishedAt;
    private string? _error;

    public string Id => id;
    public BulkAction Action => action;
    public string Filter => filter;
    public string By => by;
    public IReadOnlyList<string> Ids => ids;

    public void Started()
    {
        lock (_gate) { _state = BulkJobState.Running; }
    }

    public void Add(int done, int skipped)
    {
        lock (_gate)
        {
            _done += done;
            _skipped += skipped;
        }
    }

    public void Finished(DateTime at, string? error)
    {
        lock (_gate)
        {
            _state = error is null ? BulkJobState.Completed : BulkJobState.Failed;
            _finishedAt = at;
            _error = error;
        }
    }

    public BulkJob Snapshot()
    {
        lock (_gate)
        {
            return new BulkJob(id, action, filter, by, ids.Count, _done, _skipped, _state, startedAt, _finishedAt, _error);
        }
    }
}
