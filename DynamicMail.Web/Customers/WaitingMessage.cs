namespace DynamicMail.Web.Customers;

/// <summary>
/// A queued message as its customer sees it. <see cref="NextAttempt"/> is when it is tried again (null: now, or held
/// by the provider when <see cref="Held"/>); <see cref="ReturnAt"/> is when it goes back to its sender if not collected.
/// </summary>
public sealed record WaitingMessage(
    string Id, DateTime Arrived, string Sender, string? Subject, long Size, DateTime ReturnAt, DateTime? NextAttempt, bool Held);
