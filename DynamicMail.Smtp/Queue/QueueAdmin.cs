using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// Operator actions on queued messages. Each change and its audit entry commit in one store call, so an action
/// is never done without its record; watchers (dashboard, delivery agents) hear a <see cref="QueueChanged"/>.
/// </summary>
internal sealed class QueueAdmin(
    IQueueAdminStore store, IMailQueue queue, PresenceRegistry presence, IMailReturns returns, IMailEvents events, TimeProvider time) : IQueueAdmin
{
    public Task<QueuePage> BrowseAsync(QueueFilter filter, string? after, int take, CancellationToken cancellationToken = default) =>
        store.BrowseAsync(filter, after, Math.Clamp(take, 1, 500), time.GetUtcNow().UtcDateTime, cancellationToken);

    public async Task<QueueActionResult> DeleteAsync(string id, string by)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Like a return to sender: a message in a live delivery attempt is settled by that attempt first.
        var edit = await store.DeleteAsync(id,
            m => m.Recipients.Exists(r => r.State == RecipientState.Delivering && r.LeaseExpiresAt > now)
                ? $"Message {id} is being delivered right now and was not deleted: try again when this attempt is over."
                : null,
            m => Entry(now, by, "message.deleted", m)).ConfigureAwait(false);
        if (edit.Refusal is not null)
        {
            return QueueActionResult.Refused(edit.Refusal);
        }
        if (edit.Message is null)
        {
            return NotFound(id);
        }
        events.Publish(new QueueChanged(edit.Message.Domain, now, id, "deleted", by));
        return QueueActionResult.Ok($"Message {id} deleted.");
    }

    public Task<QueueActionResult> HoldAsync(string id, string by) =>
        ChangeAsync(id, by, "held", (message, _) => MessageActions.Hold(message, $"Held by {by}"), $"Message {id} is held: nothing is sent until it is released.");

    public Task<QueueActionResult> ReleaseAsync(string id, string by) =>
        ChangeAsync(id, by, "released", MessageActions.Release, $"Message {id} released: it is sent when its domain is online.");

    public async Task<QueueActionResult> RetryNowAsync(string id, string by)
    {
        var domain = (await queue.FindAsync(id).ConfigureAwait(false))?.Domain;
        if (domain is not null && presence.Of(domain) is null)
        {
            return QueueActionResult.Refused($"{domain} is offline: its mail is sent as soon as its customer's page is open.");
        }
        return await ChangeAsync(id, by, "retried", MessageActions.RetryNow, $"Message {id} is being retried now.").ConfigureAwait(false);
    }

    public async Task<QueueActionResult> ReturnToSenderAsync(string id, string by)
    {
        if (await queue.FindAsync(id).ConfigureAwait(false) is not { } message)
        {
            return NotFound(id);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var returned = await returns.ReturnNowAsync(id, $"Returned to the sender by the operator ({by})",
            Entry(now, by, "message.returned", message)).ConfigureAwait(false);
        if (returned == 0)
        {
            return QueueActionResult.Refused(
                "Nothing to return: no recipient of this message is waiting (one in a live delivery attempt can be returned after it).");
        }
        events.Publish(new QueueChanged(message.Domain, now, id, "returned", by));
        return QueueActionResult.Ok(message.Sender.Length == 0
            ? $"Message {id}: {returned} recipients returned (the null sender gets no DSN)."
            : $"Message {id}: {returned} recipients returned to <{message.Sender}> with a DSN.");
    }

    /// <summary>Applies <paramref name="change"/> (which returns a refusal or null) and records it, in one durable write.</summary>
    private async Task<QueueActionResult> ChangeAsync(string id, string by, string action, Func<QueuedMessage, DateTime, string?> change, string done)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var edit = await store.EditAsync(id, m => change(m, now), m => Entry(now, by, "message." + action, m)).ConfigureAwait(false);
        if (edit.Refusal is not null)
        {
            return QueueActionResult.Refused(edit.Refusal);
        }
        if (edit.Message is null)
        {
            return NotFound(id);
        }
        events.Publish(new QueueChanged(edit.Message.Domain, now, id, action, by));
        return QueueActionResult.Ok(done);
    }

    private static AuditEntry Entry(DateTime now, string by, string action, QueuedMessage m) =>
        new(now, by, action, m.Id, $"{m.Domain}: from <{m.Sender}> to {string.Join(", ", m.Recipients.Select(r => r.Address))}, subject \"{m.Subject}\"");

    private static QueueActionResult NotFound(string id) => QueueActionResult.Refused($"Message {id} is no longer queued.");
}
