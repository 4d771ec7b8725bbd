namespace DynamicMail.Smtp.Events;

/// <summary>Something that happened in the engine, for whoever watches (customer page, operator dashboard).</summary>
public abstract record MailEvent(string Domain, DateTime At);

public sealed record MessageQueued(string Domain, DateTime At, string MessageId, string Sender, long Size) : MailEvent(Domain, At);

public sealed record MessageDelivering(string Domain, DateTime At, string MessageId, string Sender, long Size) : MailEvent(Domain, At);

public sealed record RecipientDelivered(string Domain, DateTime At, string MessageId, string Sender, string Recipient, long Size, string Reply)
    : MailEvent(Domain, At);

public sealed record RecipientFailed(string Domain, DateTime At, string MessageId, string Sender, string Recipient, string Reply, bool Permanent)
    : MailEvent(Domain, At);

public sealed record MessageLeftQueue(string Domain, DateTime At, string MessageId, long Size) : MailEvent(Domain, At);

public sealed record PresenceChanged(string Domain, DateTime At, bool Present, string? Address) : MailEvent(Domain, At);

public sealed record DeliveryStatusChanged(string Domain, DateTime At, string Status) : MailEvent(Domain, At);

/// <summary>A DSN about a queued message: queued for sending, or not sent (null sender, rate limit).</summary>
public sealed record SenderNotified(string Domain, DateTime At, string MessageId, string Sender, string Kind, int Recipients, bool Sent, string? Why)
    : MailEvent(Domain, At);
