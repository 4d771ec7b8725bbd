namespace DynamicMail.Smtp.Queue;

/// <summary>Pending mail of one domain.</summary>
public sealed record QueueSummary(int Messages, long Bytes, DateTime? Oldest);
