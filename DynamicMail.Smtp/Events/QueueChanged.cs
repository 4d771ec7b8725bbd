namespace DynamicMail.Smtp.Events;

/// <summary>An operator acted on a queued message (held, released, retried, deleted, returned).</summary>
public sealed record QueueChanged(string Domain, DateTime At, string MessageId, string Action, string Operator) : MailEvent(Domain, At);
