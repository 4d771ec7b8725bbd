using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Queue;

/// <summary>Recovers the queue before anything else starts (registered ahead of ingest and delivery).</summary>
internal sealed class QueueRecovery(IMailQueue queue, ILogger<QueueRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await queue.RecoverAsync().ConfigureAwait(false);
        logger.LogInformation("Queue opened: {Messages} messages; {Released} recipients released from a previous run; {Orphans} orphaned spool files deleted",
            report.Messages, report.ReleasedRecipients, report.OrphanFilesDeleted);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
