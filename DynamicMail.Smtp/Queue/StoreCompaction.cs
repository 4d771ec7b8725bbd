namespace DynamicMail.Smtp.Queue;

/// <summary>What a compaction did: the store file's size before and after, and how long writes waited for it.</summary>
public sealed record StoreCompaction(long BytesBefore, long BytesAfter, TimeSpan Pause);
