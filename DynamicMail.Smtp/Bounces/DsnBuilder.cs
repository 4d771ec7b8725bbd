using System.Globalization;
using MimeKit;
using MimeKit.Text;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// Builds RFC 3464 delivery status notifications: multipart/report with a readable explanation, the
/// machine-readable message/delivery-status part and the original headers (never the body).
/// </summary>
internal static class DsnBuilder
{
    public static MimeMessage Build(DsnReport report, string hostname, DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + hostname));
        // The envelope sender is what matters; a header-unfriendly address must not stop the DSN.
        message.To.Add(MailboxAddress.TryParse(report.OriginalSender, out var to) ? to : new GroupAddress("undisclosed-recipients"));
        message.Subject = report.Kind == DsnKind.Failed
            ? "Undelivered Mail Returned to Sender"
            : "Delayed Mail (still being retried)";
        message.Date = now;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(hostname);
        message.Headers.Add("Auto-Submitted", "auto-replied");
        if (report.OriginalMessageId is { Length: > 0 } original)
        {
            message.InReplyTo = original;
            message.References.Add(original);
        }
        var body = new MultipartReport("delivery-status")
        {
            new TextPart(TextFormat.Plain) { Text = DsnText.For(report, hostname) },
            Status(report, hostname),
        };
        if (report.OriginalHeaders.Length > 0)
        {
            body.Add(Headers(report.OriginalHeaders));
        }
        message.Body = body;
        return message;
    }

    /// <summary>
    /// The delivery-status part, written group by group in one pass: adding groups to MimeKit's StatusGroups one by
    /// one re-encodes the whole part each time, which made a DSN about 1,000 recipients take seconds.
    /// </summary>
    private static MessageDeliveryStatus Status(DsnReport report, string hostname)
    {
        var content = new MemoryStream();
        Write(content, new HeaderList
        {
            { "Reporting-MTA", "dns; " + hostname },
            { "Arrival-Date", Date(report.ArrivedAt) },
        });
        foreach (var r in report.Recipients)
        {
            Write(content, Group(report, r));
        }
        content.Position = 0;
        return new MessageDeliveryStatus { Content = new MimeContent(content) };
    }

    private static void Write(MemoryStream content, HeaderList group)
    {
        group.WriteTo(FormatOptions.Default, content);
        content.Write("\r\n"u8);
    }

    private static HeaderList Group(DsnReport report, DsnRecipient r)
    {
        var group = new HeaderList
        {
            { "Final-Recipient", "rfc822; " + r.Address },
            { "Action", report.Kind == DsnKind.Failed ? "failed" : "delayed" },
            { "Status", r.Status },
        };
        if (r.RemoteMta is { Length: > 0 } mta)
        {
            group.Add("Remote-MTA", "dns; " + (System.Net.IPAddress.TryParse(mta, out _) ? "[" + mta + "]" : mta));
        }
        if (r.Diagnostic is { Length: > 0 } diagnostic)
        {
            // Stored replies are already short; one kept from before that (or a hostile one) must not make the DSN huge.
            group.Add("Diagnostic-Code", "smtp; " + Delivery.ReplyText.Shorten(diagnostic.ReplaceLineEndings(" ")));
        }
        if (r.LastAttempt is { } last)
        {
            group.Add("Last-Attempt-Date", Date(last));
        }
        if (report.Kind == DsnKind.Delayed)
        {
            group.Add("Will-Retry-Until", Date(report.RetryUntil));
        }
        return group;
    }

    private static TextRfc822Headers Headers(byte[] original)
    {
        using var stream = new MemoryStream(original, writable: false);
        return new TextRfc822Headers { Message = MimeMessage.Load(stream) };
    }

    public static string Date(DateTime utc) =>
        Ingest.ReceivedHeader.Rfc5322Date(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static string Days(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours");
}
