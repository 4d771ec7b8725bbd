namespace DynamicMail.Smtp.Queue;

/// <summary>Whether the store can take writes now (for health and readiness endpoints).</summary>
public interface IStoreHealth
{
    /// <summary>Why the store cannot write, or null when it can.</summary>
    string? Problem { get; }
}
