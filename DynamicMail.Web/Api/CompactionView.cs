using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary>The store file's size before and after a compaction, and how long writes waited for it.</summary>
public sealed record CompactionView(long BytesBefore, long BytesAfter, double PauseMilliseconds)
{
    internal static CompactionView From(StoreCompaction c) => new(c.BytesBefore, c.BytesAfter, c.Pause.TotalMilliseconds);
}
