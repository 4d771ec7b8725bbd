namespace DynamicMail.Smtp.Queue;

/// <summary>Gives the space of mail that has left back to the file system (stores whose files never shrink).</summary>
public interface IStoreCompaction
{
    /// <summary>False for stores that give space back by themselves (then <see cref="CompactAsync"/> throws).</summary>
    bool Available { get; }

    /// <summary>Rewrites the store with only its live data, while the service runs.</summary>
    Task<StoreCompaction> CompactAsync(CancellationToken cancellationToken = default);
}
