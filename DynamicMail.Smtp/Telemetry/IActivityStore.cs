namespace DynamicMail.Smtp.Telemetry;

/// <summary>The store side of the dashboard's history: what <see cref="ActivityRecorder"/> saves every few seconds.</summary>
internal interface IActivityStore : IActivityHistory
{
    /// <summary>
    /// Records when existing domains were last online (rows of deleted domains are not made again) and adds per-minute counts (keyed by minutes since 0001-01-01) to what is
    /// stored, in one commit; drops minutes older than a day before <paramref name="now"/>.
    /// </summary>
    Task SaveAsync(IReadOnlyDictionary<string, DateTime> connected, IReadOnlyDictionary<long, (int Accepted, int Delivered)> added, DateTime now);
}
