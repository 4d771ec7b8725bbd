using System.Diagnostics;
using System.Threading.Channels;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Group commit: concurrent callers (20 SMTP sessions finishing DATA at once) hand their statements to one loop,
/// which sends everything waiting as one batch in one transaction and completes every caller after the commit.
/// One round trip and one WAL flush serve the whole group. When a group fails, each caller's statements are tried
/// again in a transaction of their own, so one bad message never fails its neighbours. A caller whose statements
/// did not take (an id another node had just used) is asked for them again, inside the same transaction.
/// </summary>
internal sealed partial class PostgresStore
{
    private const int MaxGroup = 128;
    private const int MaxRounds = 8;
    private readonly Channel<GroupedJob> _jobs = Channel.CreateUnbounded<GroupedJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Adds <paramref name="statements"/> to the next grouped, durable commit; completes after it.</summary>
    /// <param name="statements">
    /// Adds the caller's statements to the group's batch and returns a check, run once the batch has run, that says
    /// whether they took. When they did not, they are asked for again (the caller changes what collided, e.g. takes a
    /// fresh id) and run in the same transaction before it commits, up to <see cref="MaxRounds"/> rounds.
    /// </param>
    public Task CommitGroupedAsync(Func<NpgsqlBatch, Func<bool>> statements)
    {
        var job = new GroupedJob(statements, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_jobs.Writer.TryWrite(job))
        {
            throw new StoreUnavailableException("The store is closed.");
        }
        return job.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<GroupedJob>(MaxGroup);
        while (await _jobs.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && _jobs.Reader.TryRead(out var job))
            {
                group.Add(job);
            }
            try
            {
                await CommitAsync(group).ConfigureAwait(false);
                group.ForEach(j => j.Done.TrySetResult());
            }
            catch (Exception ex) when (group.Count > 1)
            {
                _logger.LogWarning(ex, "A grouped commit of {Count} writes failed; committing them one by one", group.Count);
                foreach (var job in group)
                {
                    await CommitAloneAsync(job).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                group[0].Done.TrySetException(Unavailable(ex));
            }
        }
    }

    private async Task CommitAloneAsync(GroupedJob job)
    {
        try
        {
            await CommitAsync([job]).ConfigureAwait(false);
            job.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            job.Done.TrySetException(Unavailable(ex));
        }
    }

    private async Task CommitAsync(IReadOnlyList<GroupedJob> jobs)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var conn = await Source.OpenConnectionAsync().ConfigureAwait(false);
            await using var tx = await conn.BeginTransactionAsync().ConfigureAwait(false);
            var pending = jobs;
            for (var round = 1; pending.Count > 0; round++)
            {
                if (round > MaxRounds)
                {
                    throw new InvalidOperationException($"{pending.Count} grouped writes did not take after {MaxRounds} rounds.");
                }
                pending = await RunRoundAsync(conn, tx, pending).ConfigureAwait(false);
            }
            await tx.CommitAsync().ConfigureAwait(false);
            // The commit returns after the WAL flush (synchronous_commit on): commit and flush are one wait here.
            _metrics?.StoreCommit.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            Report(null);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            Report(ex);
            throw;
        }
    }

    /// <summary>Runs one batch of the jobs' statements; returns the jobs whose statements did not take.</summary>
    private static async Task<IReadOnlyList<GroupedJob>> RunRoundAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<GroupedJob> jobs)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        var checks = jobs.Select(job => (Job: job, Took: job.Statements(batch))).ToList();
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        return checks.Where(c => !c.Took()).Select(c => c.Job).ToList();
    }

    private static Exception Unavailable(Exception ex) =>
        ex is PostgresException ? ex : new StoreUnavailableException("PostgreSQL did not commit: " + ex.Message, ex);

    private sealed record GroupedJob(Func<NpgsqlBatch, Func<bool>> Statements, TaskCompletionSource Done);
}
