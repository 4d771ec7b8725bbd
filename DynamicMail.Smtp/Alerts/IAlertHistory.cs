namespace DynamicMail.Smtp.Alerts;

/// <summary>The alerts a domain was sent, for the console and the API.</summary>
public interface IAlertHistory
{
    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AlertRecord>> OfAsync(string domain, CancellationToken cancellationToken = default);
}
