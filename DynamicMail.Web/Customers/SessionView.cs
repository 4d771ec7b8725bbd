using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Customers;

/// <summary>Everything the customer's page shows at one moment, read in one go by <see cref="SessionViewReader"/>.</summary>
public sealed record SessionView(
    DateTime Now,
    DomainStatus Status,
    QueueSummary Queue,
    SessionSnapshot Session,
    IReadOnlyList<WaitingMessage> Waiting,
    IReadOnlyList<(SendingMessage Message, string? Subject)> Sending,
    DateTime? NextAttempt,
    DateTime? KeptUntil)
{
    /// <summary>Messages that left the queue in this session (delivered, or returned to their senders).</summary>
    public int Done => Session.Current?.Done ?? 0;

    /// <summary>Done plus still queued: grows while mail arrives during the session.</summary>
    public int Total => Done + Queue.Messages;

    /// <summary>The time left at the rate of the last minute; null while nothing moves.</summary>
    public TimeSpan? TimeLeft => Session.PerMinute > 0 && Queue.Messages > 0
        ? TimeSpan.FromMinutes(Queue.Messages / Session.PerMinute)
        : null;

    /// <summary>Mail is queued and may be tried now.</summary>
    public bool Deliverable => Queue.Messages > 0 && NextAttempt is { } next && next <= Now;
}
