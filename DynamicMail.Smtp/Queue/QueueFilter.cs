namespace DynamicMail.Smtp.Queue;

/// <summary>
/// What the console narrows the queue to. Text filters match anywhere, case-insensitively; <see cref="State"/>
/// matches messages with at least one recipient in that state; <see cref="MinAge"/> keeps messages at least that old.
/// </summary>
public sealed record QueueFilter(
    string? Domain = null,
    string? Sender = null,
    string? Recipient = null,
    string? Subject = null,
    RecipientState? State = null,
    TimeSpan? MinAge = null);
