using System.Net;
using System.Threading.Channels;
using DynamicMail.Smtp.Presence;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// This node's presences mirrored into the shared <c>presence</c> table (written in order by <see cref="PostgresNodeService"/>),
/// and the other live nodes' presences read back into <see cref="PresenceRegistry"/> for the console and the API.
/// </summary>
internal sealed class PostgresPresence
{
    private readonly PostgresStore _store;
    private readonly PresenceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly Channel<(string Domain, DomainPresence? Presence)> _changes = Channel.CreateUnbounded<(string, DomainPresence?)>();

    public PostgresPresence(PostgresStore store, PresenceRegistry registry, TimeProvider time)
    {
        _store = store;
        _registry = registry;
        _time = time;
        registry.Changed += (domain, presence) => _changes.Writer.TryWrite((domain, presence));
    }

    internal ChannelReader<(string Domain, DomainPresence? Presence)> Changes => _changes.Reader;

    /// <summary>Reads the presences held by other live nodes into the registry.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _store.ReadAsync(c => Sql.ListAsync(c, null, """
            SELECT p.domain, p.address, p.since, p.node FROM presence p JOIN nodes n ON n.id = p.node
            WHERE p.node <> $1 AND n.heartbeat > now() - $2
            """, r => new DomainPresence(r.GetString(0), IPAddress.Parse(r.GetString(1)), r.GetDateTime(2)) { Node = r.GetString(3) },
            _store.NodeId, PostgresNodes.DeadAfter), cancellationToken).ConfigureAwait(false);
        _registry.SetElsewhere(rows);
    }

    /// <summary>Writes one change of this node's presence and tells the other nodes.</summary>
    public Task WriteAsync(string domain, DomainPresence? presence) =>
        _store.InTransactionAsync(async (conn, tx) =>
        {
            if (presence is null)
            {
                await Sql.ExecuteAsync(conn, tx, "DELETE FROM presence WHERE domain = $1 AND node = $2", domain, _store.NodeId).ConfigureAwait(false);
            }
            else
            {
                await Sql.ExecuteAsync(conn, tx, """
                    INSERT INTO presence (domain, node, address, since) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (domain) DO UPDATE SET node = excluded.node, address = excluded.address, since = excluded.since
                    """, domain, _store.NodeId, presence.Address.ToString(), presence.Since).ConfigureAwait(false);
            }
            await Sql.ExecuteAsync(conn, tx, StoreNotice.Sql,
                new StoreNotice(_store.NodeId, StoreNotice.Presence, domain, At: _time.GetUtcNow().UtcDateTime).ToJson()).ConfigureAwait(false);
        }, durable: false);
}
