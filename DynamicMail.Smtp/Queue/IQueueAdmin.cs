namespace DynamicMail.Smtp.Queue;

/// <summary>The operator's view of and hand on the queue. Every action is recorded in the audit log with its author.</summary>
public interface IQueueAdmin
{
    /// <summary>A page of messages matching <paramref name="filter"/>, oldest first, after the cursor <paramref name="after"/>.</summary>
    Task<QueuePage> BrowseAsync(QueueFilter filter, string? after, int take, CancellationToken cancellationToken = default);

    Task<QueueActionResult> DeleteAsync(string id, string by);

    /// <summary>Holds every recipient waiting for delivery: nothing is sent until released.</summary>
    Task<QueueActionResult> HoldAsync(string id, string by);

    Task<QueueActionResult> ReleaseAsync(string id, string by);

    /// <summary>Makes waiting recipients due now; refused while the domain is offline.</summary>
    Task<QueueActionResult> RetryNowAsync(string id, string by);

    /// <summary>Returns the message to its sender with a DSN now.</summary>
    Task<QueueActionResult> ReturnToSenderAsync(string id, string by);
}
