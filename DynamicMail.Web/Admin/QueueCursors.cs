using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Admin;

/// <summary>
/// Numbered pages over the queue's keyset paging: remembers where each visited page starts (the id of the message
/// before it), so going back and forth costs one page read; a jump ahead reads on from the nearest known start,
/// in bounded steps. Forget everything when the filter or the page size changes.
/// </summary>
internal sealed class QueueCursors
{
    private const int Step = 5000;
    private readonly Dictionary<int, string?> _starts = new() { [0] = null };
    private int _size;

    public void Reset()
    {
        _starts.Clear();
        _starts[0] = null;
    }

    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="size"/> messages; the last page when fewer exist.</summary>
    public async Task<(QueuePage Page, int Index)> ReadAsync(IQueueAdmin admin, QueueFilter filter, int page, int size, CancellationToken ct)
    {
        if (size != _size)
        {
            Reset();
            _size = size;
        }
        var known = _starts.Keys.Where(k => k <= page).Max();
        while (known < page)
        {
            var take = Math.Min(page - known, Math.Max(1, Step / size)) * size;
            var skipped = (await admin.BrowseAsync(filter, _starts[known], take, ct)).Items;
            if (skipped.Count < take)
            {
                // Fewer messages than pages asked for: the last page that has any starts within these.
                var last = known + Math.Max(0, skipped.Count - 1) / size;
                if (last > known)
                {
                    _starts[last] = skipped[(last - known) * size - 1].Id;
                }
                page = last;
                break;
            }
            known += take / size;
            _starts[known] = skipped[^1].Id;
        }
        var result = await admin.BrowseAsync(filter, _starts[page], size, ct);
        if (result.Items.Count == 0 && page > 0)
        {
            _starts.Remove(page);
            return await ReadAsync(admin, filter, page - 1, size, ct);
        }
        return (result, page);
    }
}
