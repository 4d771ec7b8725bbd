using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Customers;

/// <summary>Reads a <see cref="SessionView"/> for one domain from the engine's board, queue and the session log.</summary>
internal sealed class SessionViewReader(
    DomainStatusBoard board, IMailQueue queue, CustomerSessionLog sessions, AgeingSchedule ageing, TimeProvider time)
{
    /// <summary>How many waiting messages the page lists (the rest are counted).</summary>
    public const int WaitingShown = 50;

    public async Task<SessionView> ReadAsync(string domain, IReadOnlyList<WaitingMessage>? waiting = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var summary = queue.Summarize(domain);
        var snapshot = sessions.Of(domain);
        waiting ??= await ReadWaitingAsync(domain);
        var byId = waiting.ToDictionary(w => w.Id, StringComparer.Ordinal);
        var sending = new List<(SendingMessage, string?)>();
        foreach (var m in snapshot.Sending)
        {
            sending.Add((m, byId.TryGetValue(m.Id, out var w) ? w.Subject : (await queue.FindAsync(m.Id))?.Subject));
        }
        var status = board.Get(domain);
        // Only asked while the board says "waiting": it decides whether that word may be shown.
        var next = summary.Messages > 0 && status.State == DeliveryState.Waiting ? await queue.NextAttemptAtAsync(domain) : null;
        DateTime? keptUntil = summary.Oldest is { } oldest ? oldest + ageing.MaxLifetimeOf(domain) : null;
        return new SessionView(now, status, summary, snapshot, waiting, sending, next, keptUntil);
    }

    /// <summary>Messages queued for the domain now (from memory).</summary>
    public int Queued(string domain) => queue.Summarize(domain).Messages;

    public async Task<IReadOnlyList<WaitingMessage>> ReadWaitingAsync(string domain) =>
        (await queue.ListDomainAsync(domain, 0, WaitingShown)).Select(m => new WaitingMessage(
            m.Id,
            m.ArrivedAt,
            m.Sender,
            m.Subject,
            m.Size,
            ageing.ExpiresAt(m),
            m.NextAttemptAt,
            m.Recipients.Exists(r => r.State == RecipientState.Held) && !m.Recipients.Exists(r => r.State == RecipientState.Queued)))
            .ToList();
}
