using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// Starts bulk actions: matches the queue once (the action touches exactly those messages, however many arrive
/// meanwhile) and hands the run to <see cref="BulkWorker"/>, which carries them out one after the other. A filter
/// matching more than <see cref="QueueOptions.MaxBulkMatched"/> is refused whole, never cut to its first part.
/// Runs are kept in memory; the audit log keeps the record.
/// </summary>
internal sealed class BulkActions(IBulkQueueStore store, IOptions<QueueOptions> options, TimeProvider time) : IBulkActions
{
    private const int MaxWaiting = 8;
    private const int Kept = 100;
    private readonly ConcurrentDictionary<string, BulkRun> _runs = new(StringComparer.Ordinal);
    private readonly Channel<BulkRun> _waiting = Channel.CreateBounded<BulkRun>(MaxWaiting);

    public ChannelReader<BulkRun> Waiting => _waiting.Reader;

    public int MaxMatched => options.Value.MaxBulkMatched;

    public Task<int> CountAsync(QueueFilter filter, CancellationToken cancellationToken = default) =>
        store.CountAsync(filter, time.GetUtcNow().UtcDateTime, cancellationToken);

    public async Task<BulkStart> StartAsync(QueueFilter filter, string filterText, BulkAction action, string by,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var max = MaxMatched;
        // One more than the cap tells "too many" apart from "exactly the cap" without counting the whole queue.
        var ids = await store.MatchAsync(filter, now, max + 1, cancellationToken).ConfigureAwait(false);
        if (ids.Count > max)
        {
            var matching = await store.CountAsync(filter, now, cancellationToken).ConfigureAwait(false);
            return BulkStart.TooManyMatches(Math.Max(matching, ids.Count), max);
        }
        var run = new BulkRun(Guid.NewGuid().ToString("N"), action, filterText, by, ids, now);
        _runs[run.Id] = run;
        if (!_waiting.Writer.TryWrite(run))
        {
            _runs.TryRemove(run.Id, out _);
            return BulkStart.TooManyWaiting();
        }
        Trim();
        return BulkStart.Started(run.Snapshot());
    }

    public BulkJob? Find(string id) => _runs.TryGetValue(id, out var run) ? run.Snapshot() : null;

    public IReadOnlyList<BulkJob> Recent(int take) =>
        _runs.Values.Select(r => r.Snapshot()).OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id).Take(take).ToList();

    private void Trim()
    {
        if (_runs.Count <= Kept)
        {
            return;
        }
        foreach (var old in _runs.Values.Select(r => r.Snapshot())
            .Where(j => j.State is BulkJobState.Completed or BulkJobState.Failed).OrderBy(j => j.StartedAt).Take(_runs.Count - Kept))
        {
            _runs.TryRemove(old.Id, out _);
        }
    }
}
