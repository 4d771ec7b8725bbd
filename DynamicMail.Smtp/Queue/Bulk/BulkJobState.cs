namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>Where a bulk action stands.</summary>
public enum BulkJobState
{
    Waiting,
    Running,
    Completed,
    Failed,
}
