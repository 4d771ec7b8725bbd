using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>The store side of bulk actions: matching through <see cref="QueueQuery"/>, and one durable write per batch.</summary>
internal sealed class LiteDbBulkQueueStore(LiteDbStore store, LiteDbMailQueue queue) : IBulkQueueStore
{
    private const string Messages = "messages";

    public Task<int> CountAsync(QueueFilter filter, DateTime now, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueueQuery.Count(store.Database.GetCollection<QueuedMessage>(Messages), filter, now));

    public Task<IReadOnlyList<string>> MatchAsync(QueueFilter filter, DateTime now, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(QueueQuery.Ids(store.Database.GetCollection<QueuedMessage>(Messages), filter, now, limit));

    public Task<IReadOnlyList<QueuedMessage>> EditManyAsync(IReadOnlyList<string> ids, Func<QueuedMessage, bool> change) =>
        store.WriteAsync<IReadOnlyList<QueuedMessage>>(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            var changed = new List<QueuedMessage>();
            foreach (var id in ids)
            {
                if (col.FindById(id) is { } message && change(message))
                {
                    queue.Touch(message);
                    col.Update(message);
                    changed.Add(message);
                }
            }
            return changed;
        }, durable: true);

    public async Task<IReadOnlyList<QueuedMessage>> DeleteManyAsync(IReadOnlyList<string> ids, Func<QueuedMessage, bool> mayDelete)
    {
        var removed = await store.WriteAsync<IReadOnlyList<QueuedMessage>>(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            var gone = new List<QueuedMessage>();
            foreach (var id in ids)
            {
                if (col.FindById(id) is { } message && mayDelete(message))
                {
                    col.Delete(id);
                    MessageBodyStore.DeleteInline(db, id);
                    gone.Add(message);
                }
            }
            return gone;
        }, durable: true).ConfigureAwait(false);
        foreach (var message in removed)
        {
            queue.Forget(message);
        }
        return removed;
    }
}
