using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// Looks at every domain's conditions and alerts the customer about each one that holds: at most once a day per
/// condition, and again only after it cleared and came back. The store decides atomically (see <see cref="IAlertStore"/>).
/// </summary>
internal sealed class AlertMonitor(
    IDomainDirectory directory, AlertConditions conditions, LastOnline lastOnline, IAlertStore store, AlertMail mail, WebhookSender webhooks,
    IMailEvents events, TimeProvider time, ILogger<AlertMonitor> logger)
{
    /// <summary>A condition alerts again at the soonest this long after its last alert.</summary>
    public static readonly TimeSpan RepeatAfter = TimeSpan.FromDays(1);

    /// <summary>One look at every domain; returns the alerts it sent.</summary>
    public async Task<IReadOnlyList<AlertRecord>> CheckAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var states = (await store.StatesAsync(cancellationToken).ConfigureAwait(false)).ToLookup(s => s.Domain, StringComparer.OrdinalIgnoreCase);
        var online = await lastOnline.AllAsync(cancellationToken).ConfigureAwait(false);
        var sent = new List<AlertRecord>();
        foreach (var domain in directory.All().Where(d => !d.Disabled))
        {
            var (holding, pauseJudged) = conditions.Of(domain.Name, now, online.TryGetValue(domain.Name, out var at) ? at : null);
            foreach (var state in states[domain.Name].Where(s => s.Active && holding.All(h => h.Kind != s.Kind)))
            {
                if (pauseJudged || state.Kind is AlertKind.MailWaiting or AlertKind.ExpirySoon)
                {
                    await store.ClearAsync(domain.Name, state.Kind).ConfigureAwait(false);
                }
            }
            foreach (var notice in holding)
            {
                var last = states[domain.Name].FirstOrDefault(s => s.Kind == notice.Kind);
                if (last is { Active: true } || last?.LastSentAt > now - RepeatAfter)
                {
                    continue;
                }
                if (await SendAsync(domain, notice, now).ConfigureAwait(false) is { } alert)
                {
                    sent.Add(alert);
                }
            }
        }
        return sent;
    }

    private async Task<AlertRecord?> SendAsync(CustomerDomain domain, AlertNotice notice, DateTime now)
    {
        var alert = new AlertRecord(Guid.NewGuid().ToString("N"), domain.Name, notice.Kind, now, notice.Subject, notice.Text, null, null,
            domain.WebhookUrl is null ? null : "pending");
        var (email, note) = mail.Compose(domain.ContactEmail, alert);
        alert = alert with { EmailedTo = email?.Recipient, EmailNote = note };
        if (!await store.TryRecordAsync(alert, now - RepeatAfter, email).ConfigureAwait(false))
        {
            return null; // another check (or node) alerted first
        }
        logger.LogInformation("Alert {Kind} for {Domain} sent (e-mail: {Emailed}, webhook: {Webhook})",
            notice.Kind, domain.Name, email is not null ? "queued" : note, domain.WebhookUrl is not null);
        if (domain is { WebhookUrl: { } url, WebhookSecret: { } secret })
        {
            webhooks.Enqueue(new WebhookCall(alert, url, secret));
        }
        events.Publish(new AlertSent(domain.Name, now, alert.Id, notice.Kind.ToString(), email is not null));
        return alert;
    }
}
