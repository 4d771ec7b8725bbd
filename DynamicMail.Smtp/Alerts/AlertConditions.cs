using System.Globalization;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// Which alert conditions hold for a domain now. Mail is waiting when the customer is offline everywhere and has not
/// been online since it arrived, for <see cref="AlertOptions.WaitingAfter"/>: counted from the later of the oldest
/// arrival and the last time the customer was online. A paused delivery is judged only by the node that delivers for
/// the domain (with several nodes, the others see no live status).
/// </summary>
internal sealed class AlertConditions(IMailQueue queue, PresenceRegistry presence, DomainStatusBoard status, AgeingSchedule ageing,
    IOptions<AlertOptions> options)
{
    /// <summary>
    /// The conditions that hold, and whether the paused ones could be judged here at all. <paramref name="lastOnline"/>:
    /// when the customer was last online (connected or left), null when never.
    /// </summary>
    public (IReadOnlyList<AlertNotice> Holding, bool PauseJudged) Of(string domain, DateTime now, DateTime? lastOnline)
    {
        var holding = new List<AlertNotice>();
        var o = options.Value;
        var here = presence.Anywhere(domain);
        var summary = queue.Summarize(domain);
        if (summary is { Messages: > 0, Oldest: { } oldest })
        {
            var returnAt = oldest + ageing.MaxLifetimeOf(domain);
            var waitingSince = lastOnline > oldest ? lastOnline.Value : oldest;
            if (here is null && waitingSince + o.WaitingAfter <= now)
            {
                holding.Add(Waiting(domain, summary.Messages, oldest, returnAt, lastOnline));
            }
            if (returnAt - o.ExpiryWarningBefore <= now)
            {
                holding.Add(Expiring(domain, summary.Messages, oldest, returnAt));
            }
        }
        if (here is { Node: not null })
        {
            return (holding, false);
        }
        var live = status.Get(domain);
        if (here is not null && live.State == DeliveryState.Paused)
        {
            holding.Add(Refused(domain, live));
        }
        else if (here is not null && live.State is DeliveryState.NotAnswering or DeliveryState.TargetRefused)
        {
            holding.Add(Unreachable(domain, live));
        }
        return (holding, true);
    }

    private static AlertNotice Waiting(string domain, int count, DateTime oldest, DateTime returnAt, DateTime? lastOnline) => new(AlertKind.MailWaiting,
        $"{Wording.Messages(count)} for {domain} waiting to be collected",
        $"""
        {Wording.Messages(count)} for {domain} {(count == 1 ? "is" : "are")} waiting for your mail server to collect {(count == 1 ? "it" : "them")}.
        The oldest arrived at {Utc(oldest)}; {LastSeen(lastOnline)}.
        Open your domain's delivery page next to your mail server to receive them. Mail that is not collected is
        returned to its senders; the first messages will be returned at {Utc(returnAt)}.
        """);

    private static AlertNotice Expiring(string domain, int count, DateTime oldest, DateTime returnAt) => new(AlertKind.ExpirySoon,
        $"Mail for {domain} will be returned to its senders at {Utc(returnAt)}",
        $"""
        {Wording.Messages(count)} for {domain} {(count == 1 ? "is" : "are")} still waiting. The oldest arrived at {Utc(oldest)} and will be
        returned to its sender at {Utc(returnAt)} unless your mail server collects it before then.
        Open your domain's delivery page next to your mail server now.
        """);

    private static AlertNotice Refused(string domain, DomainStatus live) => new(AlertKind.ServerRefused,
        $"Delivery for {domain} is paused: your mail server refused the mail",
        $"""
        Delivery for {domain} is paused (the mail stays queued): {live.Text}
        The server's reply: {live.LastReply ?? "(none)"}
        What to check: that the server accepts mail for {domain} from this service (its relay and recipient settings,
        spam or IP filters), that its disk or mailbox quota is not full, and, if a server name or certificate is pinned
        for your domain, that this is your server; then reload the delivery page.
        """);

    private static AlertNotice Unreachable(string domain, DomainStatus live) => new(AlertKind.ServerUnreachable,
        $"Delivery for {domain} is paused: your mail server could not be reached",
        $"""
        When you logged in, your mail server could not be reached, so delivery for {domain} is paused (the mail stays queued).
        Status: {live.Text}
        Its reply: {live.LastReply ?? "(no answer)"}
        What to check: that the mail server is running, that its SMTP port is open in the firewall and forwarded by the
        router to it, and that the delivery page is open on the same network as the server.
        """);

    private static string LastSeen(DateTime? lastOnline) => lastOnline is { } at
        ? $"your delivery page (or ODMR client) was last connected at {Utc(at)}"
        : "your delivery page (or ODMR client) has not connected since";

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
