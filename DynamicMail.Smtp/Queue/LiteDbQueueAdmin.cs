using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// Operator actions on queued messages. Each change and its audit entry commit in one durable write, so an action
/// is never done without its record; watchers (dashboard, delivery agents) hear a <see cref="QueueChanged"/>.
/// </summary>
internal sealed class LiteDbQueueAdmin(
    LiteDbStore store, LiteDbMailQueue queue, PresenceRegistry presence, IMailReturns returns, IMailEvents events, TimeProvider time) : IQueueAdmin
{
    private const string Messages = "messages";

    public QueuePage Browse(QueueFilter filter, string? after, int take) =>
        QueueQuery.Run(store.Database.GetCollection<QueuedMessage>(Messages), filter, after, Math.Clamp(take, 1, 500), time.GetUtcNow().UtcDateTime);

    public async Task<QueueActionResult> DeleteAsync(string id, string by)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (removed, inFlight) = await store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            var message = col.FindById(id);
            if (message is null)
            {
                return (null, false);
            }
            // Like a return to sender: a message in a live delivery attempt is settled by that attempt first.
            if (message.Recipients.Exists(r => r.State == RecipientState.Delivering && r.LeaseExpiresAt > now))
            {
                return (null, true);
            }
            col.Delete(id);
            MessageBodyStore.DeleteInline(db, id);
            AuditLog.Insert(db, Entry(now, by, "message.deleted", message));
            return ((QueuedMessage?)message, false);
        }, durable: true).ConfigureAwait(false);
        if (inFlight)
        {
            return QueueActionResult.Refused($"Message {id} is being delivered right now and was not deleted: try again when this attempt is over.");
        }
        if (removed is null)
        {
            return NotFound(id);
        }
        queue.Forget(removed);
        events.Publish(new QueueChanged(removed.Domain, now, id, "deleted", by));
        return QueueActionResult.Ok($"Message {id} deleted.");
    }

    public Task<QueueActionResult> HoldAsync(string id, string by) =>
        ChangeAsync(id, by, "held", (message, _) => MessageActions.Hold(message, $"Held by {by}"), $"Message {id} is held: nothing is sent until it is released.");

    public Task<QueueActionResult> ReleaseAsync(string id, string by) =>
        ChangeAsync(id, by, "released", MessageActions.Release, $"Message {id} released: it is sent when its domain is online.");

    public Task<QueueActionResult> RetryNowAsync(string id, string by)
    {
        var domain = queue.Find(id)?.Domain;
        if (domain is not null && presence.Of(domain) is null)
        {
            return Task.FromResult(QueueActionResult.Refused($"{domain} is offline: its mail is sent as soon as its customer's page is open."));
        }
        return ChangeAsync(id, by, "retried", MessageActions.RetryNow, $"Message {id} is being retried now.");
    }

    public async Task<QueueActionResult> ReturnToSenderAsync(string id, string by)
    {
        if (queue.Find(id) is not { } message)
        {
            return NotFound(id);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var returned = await returns.ReturnNowAsync(id, $"Returned to the sender by the operator ({by})").ConfigureAwait(false);
        if (returned == 0)
        {
            return QueueActionResult.Refused(
                "Nothing to return: no recipient of this message is waiting (one in a live delivery attempt can be returned after it).");
        }
        await store.WriteAsync(db => AuditLog.Insert(db, Entry(now, by, "message.returned", message)), durable: true).ConfigureAwait(false);
        events.Publish(new QueueChanged(message.Domain, now, id, "returned", by));
        return QueueActionResult.Ok(message.Sender.Length == 0
            ? $"Message {id}: {returned} recipients returned (the null sender gets no DSN)."
            : $"Message {id}: {returned} recipients returned to <{message.Sender}> with a DSN.");
    }

    /// <summary>Applies <paramref name="change"/> (which returns a refusal or null) and records it, in one durable write.</summary>
    private async Task<QueueActionResult> ChangeAsync(string id, string by, string action, Func<QueuedMessage, DateTime, string?> change, string done)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (domain, refusal) = await store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>(Messages);
            if (col.FindById(id) is not { } message)
            {
                return ((string?)null, (string?)$"Message {id} is no longer queued.");
            }
            if (change(message, now) is { } refused)
            {
                return ((string?)message.Domain, (string?)refused);
            }
            queue.Touch(message);
            col.Update(message);
            AuditLog.Insert(db, Entry(now, by, "message." + action, message));
            return ((string?)message.Domain, (string?)null);
        }, durable: true).ConfigureAwait(false);
        if (refusal is not null)
        {
            return QueueActionResult.Refused(refusal);
        }
        events.Publish(new QueueChanged(domain!, now, id, action, by));
        return QueueActionResult.Ok(done);
    }

    private static AuditEntry Entry(DateTime now, string by, string action, QueuedMessage m) =>
        new(now, by, action, m.Id, $"{m.Domain}: from <{m.Sender}> to {string.Join(", ", m.Recipients.Select(r => r.Address))}, subject \"{m.Subject}\"");

    private static QueueActionResult NotFound(string id) => QueueActionResult.Refused($"Message {id} is no longer queued.");
}
