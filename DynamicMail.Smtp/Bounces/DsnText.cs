using System.Text;

namespace DynamicMail.Smtp.Bounces;

/// <summary>The human-readable first part of a DSN: what happened and what the sender can do.</summary>
internal static class DsnText
{
    public static string For(DsnReport report, string hostname)
    {
        var text = new StringBuilder()
            .Append("This is the mail system at host ").Append(hostname).Append(".\r\n\r\n")
            .Append(Explanation(report)).Append("\r\n\r\n");
        foreach (var r in report.Recipients)
        {
            text.Append('<').Append(r.Address).Append('>');
            if (r.Diagnostic is { Length: > 0 } d)
            {
                text.Append(": ").Append(Delivery.ReplyText.Shorten(d));
            }
            text.Append("\r\n");
        }
        return text.ToString();
    }

    private static string Explanation(DsnReport report)
    {
        var waited = DsnBuilder.Days(report.RetryUntil - report.ArrivedAt);
        return report.Reason switch
        {
            DsnReason.Refused =>
                "Your message could not be delivered: the recipient's mail server refused it for the recipients below. "
                + "Check the addresses, or contact the recipient another way.",
            DsnReason.Expired =>
                $"Your message could not be delivered: the mail server of {report.Domain} did not connect to collect its mail "
                + $"within {waited}, so the message is returned to you. You may send it again later, or contact the recipient another way.",
            DsnReason.Operator =>
                "Your message was returned by the administrator of this mail service" + (report.Note is { Length: > 0 } n ? ": " + n : ".")
                + " You may send it again later, or contact the recipient another way.",
            _ =>
                $"Your message has not been delivered yet: the mail server of {report.Domain} has not connected to collect its mail "
                + $"since the message arrived. This is only a warning; you do not need to send it again. Delivery will be retried until "
                + $"{DsnBuilder.Date(report.RetryUntil)}; if it has not succeeded by then, the message will be returned to you.",
        };
    }
}
