using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>The outbox on LiteDB, written through the store's single writer.</summary>
internal sealed class LiteDbOutbox : IOutbox
{
    private const string Outbound = "outbound";
    private readonly LiteDbStore _store;

    public LiteDbOutbox(LiteDbStore store)
    {
        _store = store;
        Collection.EnsureIndex(m => m.NextAttemptAt);
    }

    private ILiteCollection<OutboundMessage> Collection => _store.Database.GetCollection<OutboundMessage>(Outbound);

    /// <summary>Adds a message inside a caller's transaction on the writer thread.</summary>
    public static void Insert(LiteDatabase db, OutboundMessage message) => db.GetCollection<OutboundMessage>(Outbound).Insert(message);

    public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTime now, int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
        _store.WriteAsync<IReadOnlyList<OutboundMessage>>(db =>
        {
            var col = db.GetCollection<OutboundMessage>(Outbound);
            var due = col.Find(Param.Lte(nameof(OutboundMessage.NextAttemptAt), now), limit: max).ToList();
            foreach (var m in due)
            {
                m.NextAttemptAt = now + lease;
                col.Update(m);
            }
            return due;
        }, durable: false);

    /// <summary>What is due, without leasing it (for tests and diagnostics).</summary>
    internal IReadOnlyList<OutboundMessage> Peek(DateTime now, int max) =>
        Collection.Find(Param.Lte(nameof(OutboundMessage.NextAttemptAt), now), limit: max).ToList();

    public Task<DateTime?> NextDueAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Collection.Find(Query.All(nameof(OutboundMessage.NextAttemptAt)), limit: 1).FirstOrDefault()?.NextAttemptAt);

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(Collection.Count());

    public Task RemoveAsync(string id) => _store.WriteAsync(db => db.GetCollection<OutboundMessage>(Outbound).Delete(id), durable: false);

    public Task RescheduleAsync(string id, DateTime nextAttemptAt, string error) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<OutboundMessage>(Outbound);
            if (col.FindById(id) is { } m)
            {
                m.Attempts++;
                m.NextAttemptAt = nextAttemptAt;
                m.LastError = error;
                col.Update(m);
            }
        }, durable: false);
}
