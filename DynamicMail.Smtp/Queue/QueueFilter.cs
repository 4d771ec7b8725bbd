namespace DynamicMail.Smtp.Queue;

/// <summary>
/// What the console narrows the queue to. Text filters match anywhere, case-insensitively; <see cref="State"/>
/// matches messages with at least one recipient in that state; <see cref="MinAge"/> keeps messages at least that old;
/// <see cref="ArrivedBefore"/>/<see cref="ArrivedAfter"/> bound the arrival time and <see cref="LargerThan"/>/
/// <see cref="SmallerThan"/> the size in bytes (all bounds exclusive).
/// </summary>
public sealed record QueueFilter(
    string? Domain = null,
    string? Sender = null,
    string? Recipient = null,
    string? Subject = null,
    RecipientState? State = null,
    TimeSpan? MinAge = null)
{
    public DateTime? ArrivedBefore { get; init; }
    public DateTime? ArrivedAfter { get; init; }
    public long? LargerThan { get; init; }
    public long? SmallerThan { get; init; }
}
