namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>A started bulk action (<see cref="Job"/>), or why none was started (<see cref="Refusal"/>, <see cref="Error"/>).</summary>
public sealed record BulkStart(BulkJob? Job, BulkRefusal Refusal, string? Error)
{
    public static BulkStart Started(BulkJob job) => new(job, BulkRefusal.None, null);

    public static BulkStart TooManyMatches(int matching, int max) => new(null, BulkRefusal.TooManyMatches,
        $"The filter matches {Wording.Messages(matching)}; a bulk action takes at most {Wording.Messages(max)}. "
        + "Narrow the filter (for example by domain or age) and act on the parts one after the other.");

    public static BulkStart TooManyWaiting() => new(null, BulkRefusal.TooManyWaiting,
        "Several bulk actions are already waiting; try again when one has finished.");
}
