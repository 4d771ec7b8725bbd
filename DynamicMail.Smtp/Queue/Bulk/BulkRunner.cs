using System.Diagnostics;
using System.Runtime.CompilerServices;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// Carries out one bulk action: its audit entry first (filter, action, count), then batches of
/// <see cref="BatchSize"/> messages, each one store write. Between batches it yields; while mail is arriving or being
/// delivered it also pauses, so that it takes at most <see cref="BusyShare"/> of the time and ingest and delivery
/// keep their pace (measured by the benchmark's bulk row). Returns go through the same durable settlement (and DSN
/// rate limits) as single returns.
/// </summary>
internal sealed class BulkRunner(IBulkQueueStore store, IMailReturns returns, IAuditLog audit, IMailEvents events, TimeProvider time)
{
    public const int BatchSize = 100;

    /// <summary>The share of the time a bulk action takes while other mail moves: a batch that took t is followed by a pause of 4 t.</summary>
    public const double BusyShare = 0.2;

    public async Task RunAsync(BulkRun run, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(run.By, "queue.bulk." + run.Action.ToString().ToLowerInvariant(), run.Id,
            $"{run.Action} of {run.Ids.Count} messages matching \"{run.Filter}\"").ConfigureAwait(false);
        run.Started();
        Publish(run);
        var traffic = new StrongBox<long>();
        using var watch = events.Subscribe(e =>
        {
            if (e is MessageQueued or RecipientDelivered) { Interlocked.Increment(ref traffic.Value); }
        });
        foreach (var batch in run.Ids.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seen = Interlocked.Read(ref traffic.Value);
            var started = Stopwatch.GetTimestamp();
            var (changed, domains) = await ApplyAsync(run, batch, cancellationToken).ConfigureAwait(false);
            var took = Stopwatch.GetElapsedTime(started);
            run.Add(changed, batch.Length - changed);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var domain in domains.GroupBy(d => d, StringComparer.OrdinalIgnoreCase))
            {
                events.Publish(new BulkBatchApplied(domain.Key, now, run.Id, run.Action, domain.Count()));
            }
            Publish(run);
            await PaceAsync(took, Interlocked.Read(ref traffic.Value) != seen, cancellationToken).ConfigureAwait(false);
        }
        run.Finished(time.GetUtcNow().UtcDateTime, null);
        Publish(run);
    }

    /// <summary>
    /// After a batch: only a yield when nothing else moved; otherwise a pause that leaves the store and the cores to
    /// ingest and delivery for (1 − share) / share of the batch's time. Pacing is about real elapsed work, so it uses
    /// the real clock, not the injected <see cref="TimeProvider"/> (whose fake in tests would never let it end).
    /// </summary>
    private static async Task PaceAsync(TimeSpan took, bool busy, CancellationToken cancellationToken)
    {
        if (busy)
        {
            await Task.Delay(took * ((1 - BusyShare) / BusyShare), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Task.Yield();
        }
    }

    public void Publish(BulkRun run) => events.Publish(new BulkJobChanged(time.GetUtcNow().UtcDateTime, run.Snapshot()));

    /// <summary>How many messages of the batch changed, and the domains whose delivery should look again.</summary>
    private async Task<(int Changed, IReadOnlyList<string> Domains)> ApplyAsync(BulkRun run, string[] batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var reason = $"Held by {run.By} (bulk action {run.Id})";
        IReadOnlyList<QueuedMessage> changed = run.Action switch
        {
            BulkAction.Hold => await store.EditManyAsync(batch, m => MessageActions.Hold(m, reason) is null).ConfigureAwait(false),
            BulkAction.Release => await store.EditManyAsync(batch, m => MessageActions.Release(m, now) is null).ConfigureAwait(false),
            BulkAction.Retry => await store.EditManyAsync(batch, m => MessageActions.RetryNow(m, now) is null).ConfigureAwait(false),
            BulkAction.Delete => await store.DeleteManyAsync(batch, m => !InFlight(m, now)).ConfigureAwait(false),
            _ => [],
        };
        return run.Action == BulkAction.Return
            ? (await ReturnAsync(run, batch, cancellationToken).ConfigureAwait(false), [])
            : (changed.Count, changed.Select(m => m.Domain).ToList());
    }

    /// <summary>Returns each message with its own DSN, a few at once so they share the store's flushes; how many were returned.</summary>
    private async Task<int> ReturnAsync(BulkRun run, string[] batch, CancellationToken cancellationToken)
    {
        var returned = 0;
        var note = $"Returned to the sender by the operator ({run.By})";
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                if (await returns.ReturnNowAsync(id, note, ct).ConfigureAwait(false) > 0)
                {
                    Interlocked.Increment(ref returned);
                }
            }).ConfigureAwait(false);
        return returned;
    }

    private static bool InFlight(QueuedMessage message, DateTime now) =>
        message.Recipients.Exists(r => r.State == RecipientState.Delivering && r.LeaseExpiresAt > now);
}
