using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>The queue on LiteDB: one document per message, bytes apart, every write through the single writer.</summary>
internal sealed partial class LiteDbMailQueue : IMailQueue
{
    private const string Messages = "messages";
    private readonly LiteDbStore _store;
    private readonly MessageBodyStore _bodies;
    private readonly TimeProvider _time;
    private readonly IMailEvents _events;
    private readonly AgeingSchedule _ageing;
    private readonly QueueCounters _counters = new();

    public LiteDbMailQueue(LiteDbStore store, MessageBodyStore bodies, TimeProvider time, IMailEvents events, AgeingSchedule ageing)
    {
        _ageing = ageing;
        _store = store;
        _bodies = bodies;
        _time = time;
        _events = events;
        MessageBodyStore.EnsureCollections(store.Database);
        var col = Collection;
        col.EnsureIndex(StoreMapper.DomainOrder, "$." + StoreMapper.DomainOrder);
        col.EnsureIndex(m => m.NextDeadline);
        _counters.Load(col.FindAll());
    }

    private ILiteCollection<QueuedMessage> Collection => _store.Database.GetCollection<QueuedMessage>(Messages);

    public async Task<QueuedMessage> EnqueueAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var doc = NewDocument(message, now);
        doc.SpoolFile = _bodies.SpoolIfLarge(doc.Id, message.Content);
        // The one copy of an inline body, made here: the content is the session's buffer, not to be kept.
        var inline = doc.SpoolFile is null ? message.Content.ToArray() : null;
        try
        {
            await _store.WriteAsync(db => Insert(db, doc, inline), durable: true, undo: db => Remove(db, doc.Id)).ConfigureAwait(false);
        }
        catch
        {
            _bodies.DeleteSpool(doc.SpoolFile);
            throw;
        }
        _counters.Add(doc);
        _events.Publish(new MessageQueued(doc.Domain, now, doc.Id, doc.Sender, doc.Size));
        return doc;
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
        Touch(doc);
        return doc;
    }

    /// <summary>Recomputes the indexed fields: next attempt and next ageing deadline.</summary>
    internal void Touch(QueuedMessage message) => MessageSchedule.Update(message, _ageing);

    /// <summary>One domain's messages, in arrival order (the DomainOrder index).</summary>
    private static ILiteQueryable<QueuedMessage> OfDomain(ILiteCollection<QueuedMessage> col, string domain) =>
        col.Query().Where("$." + StoreMapper.DomainOrder + " LIKE @0", StoreMapper.DomainOrderKey(domain, "%"));

    private static void Insert(LiteDatabase db, QueuedMessage doc, byte[]? inline)
    {
        db.GetCollection<QueuedMessage>(Messages).Insert(doc);
        if (inline is not null)
        {
            MessageBodyStore.InsertInline(db, doc.Id, inline);
        }
    }

    private static void Remove(LiteDatabase db, string id)
    {
        db.GetCollection<QueuedMessage>(Messages).Delete(id);
        MessageBodyStore.DeleteInline(db, id);
    }

    public Task<IReadOnlyList<QueuedMessage>> ClaimAsync(string domain, string owner, int max, TimeSpan lease) =>
        _store.WriteAsync<IReadOnlyList<QueuedMessage>>(db =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var col = db.GetCollection<QueuedMessage>(Messages);
            var claimed = OfDomain(col, domain)
                // Not null: LiteDB orders null before every date, and a held message (nothing to attempt) would be
                // claimed again and again, taking the batch's places from the messages behind it.
                .Where(m => m.NextAttemptAt != null && m.NextAttemptAt <= now)
                .OrderBy("$." + StoreMapper.DomainOrder)
                .Limit(max)
                .ToList();
            foreach (var message in claimed)
            {
                foreach (var r in message.Recipients.Where(r => r.IsClaimable(now)))
                {
                    r.State = RecipientState.Delivering;
                    r.LeaseOwner = owner;
                    r.LeaseExpiresAt = now + lease;
                }
                Touch(message);
                col.Update(message);
            }
            return claimed;
        }, durable: false);

    public async Task CompleteAsync(string messageId, string owner, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var removed = await _store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            var message = col.FindById(messageId);
            if (message is null)
            {
                return null;
            }
            RecipientOutcomes.Apply(message, owner, outcomes, _time.GetUtcNow().UtcDateTime);
            if (message.MustKeep)
            {
                Touch(message);
                col.Update(message);
                return null;
            }
            Remove(db, messageId);
            return message;
        }, durable: false).ConfigureAwait(false);
        if (removed is not null)
        {
            Forget(removed);
        }
    }

    /// <summary>After a message left the store: drops its spool file and counters and tells watchers.</summary>
    internal void Forget(QueuedMessage message)
    {
        _bodies.DeleteSpool(message.SpoolFile);
        _counters.Remove(message);
        _events.Publish(new MessageLeftQueue(message.Domain, _time.GetUtcNow().UtcDateTime, message.Id, message.Size));
    }

    public Task ReleaseAsync(string owner) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            var leased = col.Query().Where(m => m.NextAttemptAt != null).ToEnumerable()
                .Where(m => m.Recipients.Exists(r => r.State == RecipientState.Delivering && r.LeaseOwner == owner)).ToList();
            foreach (var message in leased)
            {
                var outcomes = message.Recipients.Where(r => r.LeaseOwner == owner)
                    .Select(r => new DeliveryOutcome(r.Address, RecipientOutcome.Released, null)).ToList();
                RecipientOutcomes.Apply(message, owner, outcomes, _time.GetUtcNow().UtcDateTime);
                Touch(message);
                col.Update(message);
            }
        }, durable: false);

    // Reads run on the caller's thread, as LiteDB allows beside the writer: there is no I/O to wait for asynchronously.
    public Task<Stream> OpenContentAsync(QueuedMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult(_bodies.Open(_store.Database, message));

    public Task AttachSealsAsync(IReadOnlyList<(string Id, byte[] Seal)> seals) =>
        _store.WriteAsync(db =>
        {
            foreach (var (id, seal) in seals)
            {
                MessageBodyStore.AttachSeal(db, id, seal);
            }
        }, durable: false);

    public Task<QueuedMessage?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult<QueuedMessage?>(Collection.FindById(id));

    public Task<IReadOnlyList<QueuedMessage>> ListDomainAsync(string domain, int skip, int take, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<QueuedMessage>>(
            OfDomain(Collection, domain).OrderBy("$." + StoreMapper.DomainOrder).Skip(skip).Limit(take).ToList());

    public QueueSummary Summarize(string domain) => _counters.Get(domain);

    public IReadOnlyDictionary<string, QueueSummary> SummarizeAll() => _counters.All();

    public Task<DateTime?> NextAttemptAtAsync(string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult(OfDomain(Collection, domain).Where(m => m.NextAttemptAt != null)
            .OrderBy(m => m.NextAttemptAt).Limit(1).FirstOrDefault()?.NextAttemptAt);
}
