using DynamicMail.Smtp.Queue.Bulk;

namespace DynamicMail.Web.Api;

/// <summary>A bulk action as the API reports it.</summary>
public sealed record BulkJobView(
    string Id, string Action, string Filter, string By, string State, int Matched, int Done, int Skipped, DateTime StartedAt, DateTime? FinishedAt,
    string? Error)
{
    public static BulkJobView From(BulkJob j) => new(
        j.Id, j.Action.ToString().ToLowerInvariant(), j.Filter, j.By, j.State.ToString().ToLowerInvariant(), j.Matched, j.Done, j.Skipped,
        j.StartedAt, j.FinishedAt, j.Error);
}
