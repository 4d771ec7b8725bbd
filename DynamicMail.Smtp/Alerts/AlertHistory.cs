namespace DynamicMail.Smtp.Alerts;

internal sealed class AlertHistory(IAlertStore store) : IAlertHistory
{
    public Task<IReadOnlyList<AlertRecord>> OfAsync(string domain, CancellationToken cancellationToken = default) =>
        store.HistoryAsync(domain.Trim().TrimEnd('.').ToLowerInvariant(), cancellationToken);
}
