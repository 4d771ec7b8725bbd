using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// Alert e-mails: plain text from <see cref="AlertOptions.From"/>, sent from the null envelope sender through the
/// outbox (the DSNs' transport: smart host or MX), and never to an address inside the domain the alert is about.
/// </summary>
internal sealed class AlertMail(IOptions<AlertOptions> options, IOptions<SmtpOptions> smtp)
{
    public string From => string.IsNullOrWhiteSpace(options.Value.From) ? $"postmaster@{smtp.Value.EffectiveHostname}" : options.Value.From.Trim();

    /// <summary>The outbox message for <paramref name="to"/>, or null with the reason nobody is e-mailed.</summary>
    public (OutboundMessage? Message, string? Note) Compose(string? to, AlertRecord alert)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            return (null, "no contact address is set");
        }
        if (ContactAddress.IsInside(to, alert.Domain))
        {
            return (null, $"the contact address {to} is inside {alert.Domain} itself: it would only be queued here");
        }
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress("DynamicMail", From));
        if (!MailboxAddress.TryParse(to.Trim(), out var recipient))
        {
            return (null, $"the contact address {to} cannot be written as an e-mail recipient");
        }
        mime.To.Add(recipient);
        mime.Subject = alert.Subject;
        mime.Date = new DateTimeOffset(alert.At, TimeSpan.Zero);
        mime.MessageId = $"{alert.Id}@{smtp.Value.EffectiveHostname}";
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Body = new TextPart("plain") { Text = alert.Text };
        using var bytes = new MemoryStream();
        mime.WriteTo(FormatOptions.Default, bytes);
        return (new OutboundMessage
        {
            Id = "alert-" + alert.Id,
            Recipient = to.Trim(),
            Kind = "alert",
            OriginalId = alert.Id,
            OriginalDomain = alert.Domain,
            CreatedAt = alert.At,
            NextAttemptAt = alert.At,
            Content = bytes.ToArray(),
        }, null);
    }
}
