using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Keeps this node registered in the shared store: its row in <c>nodes</c> with a heartbeat every few seconds, its
/// customers' presences written as they change, and the other nodes' presences read again on every beat (so a node
/// that died stops counting within 15 s), and the leases of dead nodes given back. On a clean stop the node's row and presences are removed at once.
/// </summary>
internal sealed class PostgresNodeService(IServiceProvider services, IOptions<StoreSelectionOptions> options,
    ILogger<PostgresNodeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != StoreProvider.Postgres)
        {
            return;
        }
        var store = services.GetRequiredService<PostgresStore>();
        var presence = services.GetRequiredService<PostgresPresence>();
        var queue = services.GetRequiredService<PostgresMailQueue>();
        await Sql.ExecuteAsync(store.Source, "DELETE FROM presence WHERE node = $1", store.NodeId).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(store).ConfigureAwait(false);
                await presence.LoadAsync(stoppingToken).ConfigureAwait(false);
                await queue.ReleaseLeasesOfDeadNodesAsync().ConfigureAwait(false);
                await WriteChangesAsync(presence, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or Queue.StoreUnavailableException or TimeoutException)
            {
                store.Report(ex);
                logger.LogWarning(ex, "Heartbeat of node {Node} failed", store.NodeId);
                await Task.Delay(PostgresNodes.Heartbeat, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static Task<int> BeatAsync(PostgresStore store) =>
        Sql.ExecuteAsync(store.Source, """
            INSERT INTO nodes (id, address, started_at, heartbeat) VALUES ($1, $2, now(), now())
            ON CONFLICT (id) DO UPDATE SET heartbeat = now(), address = excluded.address
            """, store.NodeId, Environment.MachineName);

    /// <summary>Writes this node's presence changes as they come, until the next heartbeat is due.</summary>
    private static async Task WriteChangesAsync(PostgresPresence presence, CancellationToken stoppingToken)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        beat.CancelAfter(PostgresNodes.Heartbeat);
        try
        {
            while (await presence.Changes.WaitToReadAsync(beat.Token).ConfigureAwait(false))
            {
                while (presence.Changes.TryRead(out var change))
                {
                    await presence.WriteAsync(change.Domain, change.Presence).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The next heartbeat is due.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.Provider == StoreProvider.Postgres)
        {
            var store = services.GetRequiredService<PostgresStore>();
            try
            {
                await Sql.ExecuteAsync(store.Source, "DELETE FROM nodes WHERE id = $1", store.NodeId).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Could not remove node {Node}; it stops counting when its heartbeat is old", store.NodeId);
            }
        }
    }
}
