using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Recipients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// Hears what the other nodes changed (<c>LISTEN dynamicmail</c>) and brings this node up to date: queue counters and
/// <see cref="MessageQueued"/>/<see cref="MessageLeftQueue"/> (which also wake this node's delivery for the domain),
/// the in-memory domain map and recipient lists, and presence. After (re)connecting it recounts and reloads, since
/// notices sent while it was not listening are lost. Does nothing on the embedded store.
/// </summary>
internal sealed class PostgresNoticeListener(IServiceProvider services, IOptions<StoreSelectionOptions> options,
    ILogger<PostgresNoticeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private readonly List<string> _received = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != StoreProvider.Postgres)
        {
            return;
        }
        var store = services.GetRequiredService<PostgresStore>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(store, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                logger.LogWarning(ex, "Listening for other nodes' changes failed; listening again in {Retry}", Retry);
                await Task.Delay(Retry, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ListenAsync(PostgresStore store, CancellationToken stoppingToken)
    {
        await using var conn = await store.Source.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        conn.Notification += (_, e) => _received.Add(e.Payload);
        await Sql.ExecuteAsync(conn, null, "LISTEN " + StoreNotice.Channel).ConfigureAwait(false);
        await CatchUpAsync(stoppingToken).ConfigureAwait(false);
        while (true)
        {
            // A timeout now and then proves the connection is still there (a dead one throws here).
            if (!await conn.WaitAsync(TimeSpan.FromSeconds(10), stoppingToken).ConfigureAwait(false))
            {
                await Sql.ExecuteAsync(conn, null, "SELECT 1").ConfigureAwait(false);
            }
            var batch = _received.ToList();
            _received.Clear();
            foreach (var payload in batch)
            {
                await HandleAsync(store, PostgresJson.Read<StoreNotice>(payload), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        await services.GetRequiredService<PostgresMailQueue>().RecountAsync().ConfigureAwait(false);
        if (services.GetRequiredService<IDomainDirectory>() is DomainDirectory directory)
        {
            await directory.ReloadAsync(ct).ConfigureAwait(false);
        }
        if (services.GetRequiredService<IRecipientLists>() is RecipientLists lists)
        {
            await lists.ReloadAsync(null, ct).ConfigureAwait(false);
        }
        await services.GetRequiredService<PostgresPresence>().LoadAsync(ct).ConfigureAwait(false);
    }

    private async Task HandleAsync(PostgresStore store, StoreNotice notice, CancellationToken ct)
    {
        if (notice.Node == store.NodeId)
        {
            return;
        }
        switch (notice.Kind)
        {
            case StoreNotice.Queued:
                services.GetRequiredService<PostgresMailQueue>().Queued(notice);
                break;
            case StoreNotice.Left:
                services.GetRequiredService<PostgresMailQueue>().Left(notice);
                break;
            case StoreNotice.DomainChange when services.GetRequiredService<IDomainDirectory>() is DomainDirectory directory:
                await directory.ReloadAsync(ct).ConfigureAwait(false);
                services.GetRequiredService<IMailEvents>().Publish(new DomainChanged(notice.Domain, notice.At, "domain.changed"));
                break;
            case StoreNotice.Recipients when services.GetRequiredService<IRecipientLists>() is RecipientLists lists:
                await lists.ReloadAsync(notice.Domain, ct).ConfigureAwait(false);
                break;
            case StoreNotice.Presence:
                await services.GetRequiredService<PostgresPresence>().LoadAsync(ct).ConfigureAwait(false);
                break;
            case StoreNotice.Released:
                services.GetRequiredService<IMailEvents>().Publish(
                    PostgresMailQueue.LeaseReleased(notice.Domain, notice.Id ?? "", notice.Sender ?? "", notice.At));
                break;
        }
    }
}
