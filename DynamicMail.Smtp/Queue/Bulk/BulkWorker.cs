using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>Carries out started bulk actions one after the other; a failed action is marked failed, the loop goes on.</summary>
internal sealed class BulkWorker(BulkActions actions, BulkRunner runner, TimeProvider time, ILogger<BulkWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var run in actions.Waiting.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOneAsync(run, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(BulkRun run, CancellationToken stoppingToken)
    {
        logger.LogInformation("Bulk {Action} {JobId} by {Operator} over {Matched} messages matching {Filter}",
            run.Action, run.Id, run.By, run.Ids.Count, run.Filter);
        try
        {
            await runner.RunAsync(run, stoppingToken).ConfigureAwait(false);
            var job = run.Snapshot();
            logger.LogInformation("Bulk {Action} {JobId} done: {Done} changed, {Skipped} passed over", run.Action, run.Id, job.Done, job.Skipped);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            run.Finished(time.GetUtcNow().UtcDateTime, "Stopped with the service before it was done.");
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Bulk {Action} {JobId} failed", run.Action, run.Id);
            run.Finished(time.GetUtcNow().UtcDateTime, ex.Message);
            runner.Publish(run);
        }
    }
}
