namespace DynamicMail.Smtp.Queue;

/// <summary>One page of the queue, oldest first; <see cref="Next"/> is the cursor of the following page (null on the last).</summary>
public sealed record QueuePage(IReadOnlyList<QueuedMessage> Items, string? Next);
