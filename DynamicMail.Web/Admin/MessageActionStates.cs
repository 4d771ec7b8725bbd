using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Admin;

/// <summary>
/// Which message actions make sense now, each with the reason when not (shown next to the disabled button):
/// the same rules the queue applies, so the console offers only what will be done.
/// </summary>
public sealed record MessageActionStates(string? Hold, string? Release, string? Retry, string? Return, string? Delete)
{
    public static MessageActionStates For(QueuedMessage message, bool online, DateTime now)
    {
        var queued = message.Recipients.Exists(r => r.State == RecipientState.Queued);
        var held = message.Recipients.Exists(r => r.State == RecipientState.Held);
        var live = message.Recipients.Exists(r => r.State == RecipientState.Delivering && r.LeaseExpiresAt > now);
        const string InFlight = "being delivered right now: wait until this attempt is over";
        return new MessageActionStates(
            Hold: queued ? null : held ? "already held" : "no recipient is waiting",
            Release: held ? null : "not held",
            Retry: !queued ? (held ? "held: release it first" : "no recipient is waiting")
                : !online ? $"{message.Domain} is offline: it is sent when the customer's page opens"
                : null,
            Return: live ? InFlight : queued || held ? null : "no recipient is waiting",
            Delete: live ? InFlight : null);
    }
}
