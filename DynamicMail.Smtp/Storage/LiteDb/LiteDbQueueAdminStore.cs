using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// The store side of operator actions on queued messages. Each change and its audit entry commit in one durable
/// write, so an action is never done without its record.
/// </summary>
internal sealed class LiteDbQueueAdminStore(LiteDbStore store, LiteDbMailQueue queue) : IQueueAdminStore
{
    private const string Messages = "messages";

    public Task<QueuePage> BrowseAsync(QueueFilter filter, string? after, int take, DateTime now, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueueQuery.Run(store.Database.GetCollection<QueuedMessage>(Messages), filter, after, take, now));

    public async Task<QueueEdit> DeleteAsync(string id, Func<QueuedMessage, string?> refuse, Func<QueuedMessage, AuditEntry> audit)
    {
        var edit = await store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            var message = col.FindById(id);
            if (message is null)
            {
                return QueueEdit.NotFound;
            }
            if (refuse(message) is { } refused)
            {
                return new QueueEdit(message, refused);
            }
            col.Delete(id);
            MessageBodyStore.DeleteInline(db, id);
            LiteDbAuditLog.Insert(db, audit(message));
            return new QueueEdit(message, null);
        }, durable: true).ConfigureAwait(false);
        if (edit is { Message: { } removed, Refusal: null })
        {
            queue.Forget(removed);
        }
        return edit;
    }

    public Task<QueueEdit> EditAsync(string id, Func<QueuedMessage, string?> change, Func<QueuedMessage, AuditEntry> audit) =>
        store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            if (col.FindById(id) is not { } message)
            {
                return QueueEdit.NotFound;
            }
            if (change(message) is { } refused)
            {
                return new QueueEdit(message, refused);
            }
            queue.Touch(message);
            col.Update(message);
            LiteDbAuditLog.Insert(db, audit(message));
            return new QueueEdit(message, null);
        }, durable: true);
}
