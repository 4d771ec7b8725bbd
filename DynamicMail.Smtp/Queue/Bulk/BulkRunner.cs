using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// Carries out one bulk action: its audit entry first (filter, action, count), then batches of
/// <see cref="BatchSize"/> messages, each one store write, yielding between them so ingest and delivery commits
/// interleave. Returns go through the same durable settlement (and DSN rate limits) as single returns.
/// </summary>
internal sealed class BulkRunner(IBulkQueueStore store, IMailReturns returns, IAuditLog audit, IMailEvents events, TimeProvider time)
{
    public const int BatchSize = 500;

    public async Task RunAsync(BulkRun run, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(run.By, "queue.bulk." + run.Action.ToString().ToLowerInvariant(), run.Id,
            $"{run.Action} of {run.Ids.Count} messages matching \"{run.Filter}\"").ConfigureAwait(false);
        run.Started();
        Publish(run);
        foreach (var batch in run.Ids.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (changed, domains) = await ApplyAsync(run, batch, cancellationToken).ConfigureAwait(false);
            run.Add(changed, batch.Length - changed);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var domain in domains.GroupBy(d => d, StringComparer.OrdinalIgnoreCase))
            {
                events.Publish(new BulkBatchApplied(domain.Key, now, run.Id, run.Action, domain.Count()));
            }
            Publish(run);
            await Task.Yield();
        }
        run.Finished(time.GetUtcNow().UtcDateTime, null);
        Publish(run);
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
