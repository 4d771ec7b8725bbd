using DynamicMail.Smtp.Delivery;

namespace DynamicMail.Web.Customers;

/// <summary>
/// The one-line status of the customer's page. It never says "waiting for mail" while mail is queued that may
/// be sent now (between login and the first claim the board still says "waiting"), and it shows retry times in the
/// browser's time zone.
/// </summary>
internal static class StatusWording
{
    public static string Text(SessionView view, bool detached, BrowserClock clock)
    {
        var s = view.Status;
        var queued = view.Queue.Messages;
        if (detached)
        {
            return queued > 0
                ? $"Disconnected: {Messages(queued)} kept for you; delivery resumes when you connect again."
                : "Disconnected: new mail is being kept for you.";
        }
        return s.State switch
        {
            DeliveryState.Offline => s.Text,
            DeliveryState.Waiting when view.Deliverable => $"Connected: starting delivery of {Messages(queued)} to {s.Target}",
            DeliveryState.Waiting when queued > 0 && view.NextAttempt is { } next =>
                $"Connected to {s.Target}: {Messages(queued)} to try again at {clock.Format(next, view.Now)}",
            DeliveryState.Waiting when queued > 0 => $"Connected to {s.Target}: {Messages(queued)} held by your provider",
            DeliveryState.NotAnswering when s.RetryAt is { } at =>
                $"Your mail server at {s.Target} is not answering — retrying at {clock.Format(at, view.Now)}",
            DeliveryState.Paused when s.RetryAt is { } at =>
                $"Your mail server at {s.Target} refused all mail: delivery paused, trying again at {clock.Format(at, view.Now)}"
                + (s.LastReply is { } why ? $". Reason: {why}" : ""),
            _ => s.Text,
        };
    }

    public static MudBlazor.Severity Severity(DeliveryState state, bool detached) => detached ? MudBlazor.Severity.Normal : state switch
    {
        DeliveryState.Delivering => MudBlazor.Severity.Success,
        DeliveryState.Waiting => MudBlazor.Severity.Info,
        DeliveryState.Offline => MudBlazor.Severity.Normal,
        _ => MudBlazor.Severity.Warning,
    };

    /// <summary>"1 message", "12 messages".</summary>
    public static string Messages(int n) => Smtp.Wording.Messages(n);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    /// <summary>"about 3 min", "under a minute", "about 2 h 10 min".</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds switch
    {
        < 60 => "under a minute",
        < 3600 => $"about {Math.Ceiling(t.TotalMinutes):0} min",
        _ => $"about {(int)t.TotalHours} h {t.Minutes} min",
    };
}
