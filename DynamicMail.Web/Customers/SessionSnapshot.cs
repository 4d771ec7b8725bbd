namespace DynamicMail.Web.Customers;

/// <summary>
/// What the customer's page shows of the current session: <see cref="Current"/> (null when none runs), its
/// messages in flight, its refused attempts and the finished sessions, newest first.
/// <see cref="PerMinute"/> counts the messages done in the last minute (0 while idle, never a stale value).
/// </summary>
public sealed record SessionSnapshot(
    SessionRecord? Current,
    IReadOnlyList<SendingMessage> Sending,
    IReadOnlyList<FailedAttempt> Faults,
    IReadOnlyList<SessionRecord> History,
    double PerMinute)
{
    public static SessionSnapshot None { get; } = new(null, [], [], [], 0);
}
