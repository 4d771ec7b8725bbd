using DynamicMail.Smtp.Queue.Bulk;

namespace DynamicMail.Web.Admin;

/// <summary>How the console names a bulk action: its button, its question, its progress and its result.</summary>
internal static class BulkWording
{
    public static readonly IReadOnlyList<BulkAction> All = [BulkAction.Hold, BulkAction.Release, BulkAction.Retry, BulkAction.Return, BulkAction.Delete];

    public static string Verb(BulkAction action) => action switch
    {
        BulkAction.Retry => "Retry now",
        BulkAction.Return => "Return to sender",
        _ => action.ToString(),
    };

    public static string Doing(BulkAction action) => action switch
    {
        BulkAction.Hold => "Holding",
        BulkAction.Release => "Releasing",
        BulkAction.Retry => "Retrying",
        BulkAction.Return => "Returning",
        _ => "Deleting",
    };

    public static string Done(BulkAction action) => action switch
    {
        BulkAction.Hold => "Held",
        BulkAction.Release => "Released",
        BulkAction.Retry => "Made due now",
        BulkAction.Return => "Returned to their senders",
        _ => "Deleted",
    };

    public static string Question(BulkAction action, int count, string filter)
    {
        var what = $"{Messages(count)} matching “{filter}”";
        var effect = action switch
        {
            BulkAction.Hold => $"Hold {what}? Nothing of them is delivered until released.",
            BulkAction.Release => $"Release {what}? They are delivered again when their domain is online.",
            BulkAction.Retry => $"Retry {what} now? Waiting recipients become due at once.",
            BulkAction.Return => $"Return {what} to their senders, each with a failure DSN? This cannot be undone.",
            _ => $"Delete {what} without telling their senders? This cannot be undone.",
        };
        return effect + " Messages arriving meanwhile are not touched.";
    }

    public static string Result(BulkJob job)
    {
        if (job.State == BulkJobState.Failed)
        {
            return $"Bulk {Verb(job.Action).ToLowerInvariant()} stopped: {job.Error} ({job.Done:N0} of {Messages(job.Matched)} changed before).";
        }
        var skipped = job.Skipped == 0 ? "" : $"; {job.Skipped:N0} passed over (no longer queued, nothing to change, or being delivered)";
        return $"{Done(job.Action)} {job.Done:N0} of {Messages(job.Matched)}{skipped}.";
    }

    public static string Messages(int count) => Smtp.Wording.Messages(count);
}
