using LiteDB;

namespace DynamicMail.Smtp.Queue;

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
        foreach (var message in col.FindAll().ToList())
        {
            messages++;
            if (message.SpoolFile is { } file)
            {
                spooled.Add(Path.GetFileNameWithoutExtension(file));
            }
            var leased = message.Recipients.Where(r => r.State == RecipientState.Delivering).ToList();
            if (leased.Count == 0)
            {
                continue;
            }
            foreach (var r in leased)
            {
                r.State = RecipientState.Queued;
                r.LeaseOwner = null;
                r.LeaseExpiresAt = null;
                r.NextAttemptAt = now;
            }
            released += leased.Count;
            Touch(message);
            col.Update(message);
        }
        return (messages, released, spooled);
    }
}
