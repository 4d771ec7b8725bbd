using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// The queue on PostgreSQL: one row per message (envelope and recipients as jsonb, bytes as bytea), claims by
/// <c>FOR UPDATE SKIP LOCKED</c> so nodes never wait on each other's rows, every change announced to the other nodes.
/// </summary>
internal sealed partial class PostgresMailQueue : IMailQueue
{
    private const string Columns = "doc";
    private readonly PostgresStore _store;
    private readonly TimeProvider _time;
    private readonly IMailEvents _events;
    private readonly AgeingSchedule _ageing;

    public PostgresMailQueue(PostgresStore store, TimeProvider time, IMailEvents events, AgeingSchedule ageing)
    {
        _store = store;
        _time = time;
        _events = events;
        _ageing = ageing;
        RecountAsync().GetAwaiter().GetResult();
    }

    internal QueueCounters Counters { get; private set; } = new();

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>Counts every domain's queue again from the store (at start, and when notices may have been missed).</summary>
    internal async Task RecountAsync()
    {
        var rows = await _store.ReadAsync(c => Sql.ListAsync(c, null, "SELECT id, domain, arrived_at, size FROM messages",
            r => new QueuedMessage { Id = r.GetString(0), Domain = r.GetString(1), ArrivedAt = r.GetDateTime(2), Size = r.GetInt64(3) })).ConfigureAwait(false);
        var counters = new QueueCounters();
        counters.Load(rows);
        Counters = counters;
    }

    public async Task<QueuedMessage> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var doc = NewDocument(message, now);
        var body = message.Content.ToArray(); // the session's buffer is only ours until this call returns
        await _store.CommitGroupedAsync(batch => Insert(batch, doc, body, message.Content.TraceLength, now)).ConfigureAwait(false);
        Counters.Add(doc);
        _events.Publish(new MessageQueued(doc.Domain, now, doc.Id, doc.Sender, doc.Size));
        return doc;
    }

    /// <summary>
    /// Inserts the message and its notice unless another node has just stored a message under the same id (ids are
    /// made per node); then the message takes a fresh id, in its trace header too, and is inserted again in the same
    /// transaction: the sender never hears of it, and the id in the 250 is the one stored.
    /// </summary>
    private Func<bool> Insert(NpgsqlBatch batch, QueuedMessage doc, byte[] body, int traceLength, DateTime now)
    {
        var notice = new StoreNotice(_store.NodeId, StoreNotice.Queued, doc.Domain, doc.Id, doc.Size, now, doc.Sender);
        var insert = Sql.Add(batch, $$"""
            INSERT INTO messages (id, domain, arrived_at, size, next_attempt_at, next_deadline, doc, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING
            RETURNING pg_notify('{{StoreNotice.Channel}}', $9)
            """, doc.Id, doc.Domain, doc.ArrivedAt, doc.Size, doc.NextAttemptAt, doc.NextDeadline, Sql.Doc(doc), body, notice.ToJson());
        return () =>
        {
            if (insert.RecordsAffected == 1)
            {
                return true;
            }
            var taken = doc.Id;
            doc.Id = QueueIds.Next(_time);
            QueueIds.Rename(body.AsSpan(0, traceLength), taken, doc.Id);
            return false;
        };
    }

    private QueuedMessage NewDocument(NewMessage message, DateTime now)
    {
        var doc = new QueuedMessage
        {
            Id = message.Id ?? QueueIds.Next(_time),
            Domain = message.Domain,
            Sender = message.Sender,
            ArrivedAt = now,
            Size = message.Content.Length,
            From = message.Headers.From,
            Subject = message.Headers.Subject,
            MessageId = message.Headers.MessageId,
            ClientAddress = message.ClientAddress,
            Helo = message.Helo,
            Tls = message.Tls,
            Auth = message.Auth,
            Recipients = message.Recipients.Select(r => new QueuedRecipient { Address = r, NextAttemptAt = now }).ToList(),
        };
        MessageSchedule.Update(doc, _ageing);
        return doc;
    }

    public Task<IReadOnlyList<QueuedMessage>> ClaimAsync(string domain, string owner, int max, TimeSpan lease) =>
        _store.InTransactionAsync<IReadOnlyList<QueuedMessage>>(async (conn, tx) =>
        {
            var now = Now;
            var claimed = await Sql.ListAsync(conn, tx, $"""
                SELECT {Columns} FROM messages WHERE domain = $1 AND next_attempt_at <= $2
                ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
                """, Read, domain, now, max).ConfigureAwait(false);
            foreach (var message in claimed)
            {
                foreach (var r in message.Recipients.Where(r => r.IsClaimable(now)))
                {
                    r.State = RecipientState.Delivering;
                    r.LeaseOwner = owner;
                    r.LeaseExpiresAt = now + lease;
                }
            }
            await UpdateAsync(conn, tx, claimed).ConfigureAwait(false);
            return claimed;
        }, durable: false);

    public async Task CompleteAsync(string messageId, string owner, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var removed = await _store.InTransactionAsync(async (conn, tx) =>
        {
            if (await LockAsync(conn, tx, messageId).ConfigureAwait(false) is not { } message)
            {
                return null;
            }
            RecipientOutcomes.Apply(message, owner, outcomes, Now);
            return await KeepOrRemoveAsync(conn, tx, message).ConfigureAwait(false);
        }, durable: false).ConfigureAwait(false);
        if (removed is not null)
        {
            Forget(removed);
        }
    }

    public Task ReleaseAsync(string owner) =>
        _store.InTransactionAsync(async (conn, tx) =>
        {
            var leased = await Sql.ListAsync(conn, tx, $"""
                SELECT {Columns} FROM messages WHERE leased_by IS NOT NULL AND doc->'Recipients' @> $1 FOR UPDATE
                """, Read, Sql.Doc(new[] { new { LeaseOwner = owner } })).ConfigureAwait(false);
            foreach (var message in leased)
            {
                var outcomes = message.Recipients.Where(r => r.LeaseOwner == owner)
                    .Select(r => new DeliveryOutcome(r.Address, RecipientOutcome.Released, null)).ToList();
                RecipientOutcomes.Apply(message, owner, outcomes, Now);
            }
            await UpdateAsync(conn, tx, leased).ConfigureAwait(false);
        }, durable: false);

    public async Task<Stream> OpenContentAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        var rows = await _store.ReadAsync(c => Sql.ListAsync(c, null, "SELECT seal, body FROM messages WHERE id = $1",
            r => (Seal: r.IsDBNull(0) ? null : r.GetFieldValue<byte[]>(0), Body: r.GetFieldValue<byte[]>(1)), message.Id),
            cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw new FileNotFoundException($"The body of message {message.Id} is missing.");
        }
        var (seal, body) = rows[0];
        if (seal is null)
        {
            return new MemoryStream(body, writable: false);
        }
        var whole = new byte[seal.Length + body.Length];
        seal.CopyTo(whole, 0);
        body.CopyTo(whole, seal.Length);
        return new MemoryStream(whole, writable: false);
    }

    public Task AttachSealsAsync(IReadOnlyList<(string Id, byte[] Seal)> seals) =>
        seals.Count == 0 ? Task.CompletedTask : _store.InTransactionAsync(async (c, t) =>
        {
            await using var batch = new NpgsqlBatch(c, t);
            foreach (var (id, seal) in seals)
            {
                Sql.Add(batch, "UPDATE messages SET seal = $2 WHERE id = $1", id, seal);
            }
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }, durable: false);

    public Task<QueuedMessage?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async c => (await Sql.ListAsync(c, null, $"SELECT {Columns} FROM messages WHERE id = $1", Read, id)
            .ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<QueuedMessage>> ListDomainAsync(string domain, int skip, int take, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<QueuedMessage>>(async c => await Sql.ListAsync(c, null,
            $"SELECT {Columns} FROM messages WHERE domain = $1 ORDER BY id OFFSET $2 LIMIT $3", Read, domain, skip, take)
            .ConfigureAwait(false), cancellationToken);

    public QueueSummary Summarize(string domain) => Counters.Get(domain);

    public IReadOnlyDictionary<string, QueueSummary> SummarizeAll() => Counters.All();

    public Task<DateTime?> NextAttemptAtAsync(string domain, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(c => Sql.ScalarAsync<DateTime?>(c, null,
            "SELECT min(next_attempt_at) FROM messages WHERE domain = $1", domain), cancellationToken);
}
