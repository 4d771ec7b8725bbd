namespace DynamicMail.Smtp.Events;

/// <summary>An alert went to the customer (<paramref name="Kind"/> names the condition; <paramref name="Emailed"/>: queued in the outbox).</summary>
public sealed record AlertSent(string Domain, DateTime At, string AlertId, string Kind, bool Emailed) : MailEvent(Domain, At);
