namespace DynamicMail.Smtp.Events;

/// <summary>An operator created, changed, disabled or deleted a domain (<paramref name="What"/> says which).</summary>
public sealed record DomainChanged(string Domain, DateTime At, string What) : MailEvent(Domain, At);
