using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Start-up recovery: leases of a dead process are given back at once, orphaned bytes reclaimed.</summary>
internal sealed partial class LiteDbMailQueue
{
    public async Task<RecoveryReport> RecoverAsync()
    {
        var (messages, released, spooled) = await _store.WriteAsync(ReleaseAllLeases, durable: false).ConfigureAwait(false);
        var orphans = 0;
        foreach (var id in _bodies.SpooledIds().Where(id => !spooled.Contains(id)).ToList())
        {
            _bodies.DeleteSpool(id + ".eml");
            orphans++;
        }
        return new RecoveryReport(messages, released, orphans);
    }

    private (int Messages, int Released, HashSet<string> Spooled) ReleaseAllLeases(LiteDatabase db)
    {
        var col = db.GetCollection<QueuedMessage>(Messages);
        var now = _time.GetUtcNow().UtcDateTime;
        var spooled = new HashSet<string>(StringComparer.Ordinal);
        var (messages, released) = (0, 0);
        var leasedMessages = new List<QueuedMessage>();
        // Stream the collection (no list of every message), then update the few that held leases.
        foreach (var message in col.FindAll())
        {
            messages++;
            if (message.SpoolFile is { } file)
            {
                spooled.Add(Path.GetFileNameWithoutExtension(file));
            }
            if (message.Recipients.Exists(r => r.State == RecipientState.Delivering))
            {
                leasedMessages.Add(message);
            }
        }
        foreach (var message in leasedMessages)
        {
            foreach (var r in message.Recipients.Where(r => r.State == RecipientState.Delivering))
            {
                r.State = RecipientState.Queued;
                r.LeaseOwner = null;
                r.LeaseExpiresAt = null;
                r.NextAttemptAt = now;
                released++;
            }
            Touch(message);
            col.Update(message);
        }
        return (messages, released, spooled);
    }
}
