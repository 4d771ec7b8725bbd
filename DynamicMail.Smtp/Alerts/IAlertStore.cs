using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// What the alerts need from a store. <see cref="TryRecordAsync"/> is the one place that decides an alert is sent:
/// it checks and sets the condition's state, keeps the record and queues its e-mail in the outbox in one commit, so
/// two nodes (or two checks) never send the same alert twice.
/// </summary>
internal interface IAlertStore
{
    /// <summary>Every condition that ever alerted.</summary>
    Task<IReadOnlyList<AlertState>> StatesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="alert"/> and queues <paramref name="email"/> (if any), unless its condition is still
    /// active or last alerted after <paramref name="notSentSince"/>; false then, and nothing changed.
    /// </summary>
    Task<bool> TryRecordAsync(AlertRecord alert, DateTime notSentSince, OutboundMessage? email);

    /// <summary>The condition is over: the next time it comes, it may alert again (at most once a day).</summary>
    Task ClearAsync(string domain, AlertKind kind);

    /// <summary>How the alert's webhook call ended.</summary>
    Task NoteWebhookAsync(string domain, string alertId, string result);

    /// <summary>The domain's alerts, newest first (the newest 100 are kept).</summary>
    Task<IReadOnlyList<AlertRecord>> HistoryAsync(string domain, CancellationToken cancellationToken = default);
}
