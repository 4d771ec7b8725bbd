namespace DynamicMail.Smtp.Ingest;

/// <summary>Whether the store's disk has the free space new mail needs (for the readiness endpoint).</summary>
public interface IDiskHealth
{
    /// <summary>Why new mail would be refused for lack of space, or null when there is room.</summary>
    string? Problem { get; }
}
