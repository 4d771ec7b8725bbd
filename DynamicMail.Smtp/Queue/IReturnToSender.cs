namespace DynamicMail.Smtp.Queue;

/// <summary>
/// Returns a queued message to its sender now, with a DSN (RFC 3464), and takes it out of the queue.
/// The console and the API call this seam; the bounce engine provides it.
/// </summary>
public interface IReturnToSender
{
    /// <summary>False while no bounce engine is registered.</summary>
    bool Available { get; }

    Task ReturnNowAsync(string messageId, string reason);
}
