using System.Text.RegularExpressions;
using SmtpServer.Mail;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Envelope addresses as the sender meant them. The SMTP library hands over a local part with its quotes and
/// escapes removed; one that is not a dot-atom is quoted again (RFC 5321 §4.1.2), so <c>"john smith"@x.example</c>
/// stays that mailbox instead of becoming an address nothing downstream can parse.
/// </summary>
internal static partial class EnvelopeAddress
{
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")]
    private static partial Regex DotAtom();

    public static string Format(IMailbox mailbox)
    {
        var user = mailbox.User ?? "";
        var local = DotAtom().IsMatch(user) ? user : "\"" + user.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return local + "@" + mailbox.Host;
    }

    /// <summary>True when the address holds only ASCII: without SMTPUTF8 (not offered) nothing else is allowed.</summary>
    public static bool IsAscii(IMailbox mailbox) => System.Text.Ascii.IsValid(mailbox.User ?? "") && System.Text.Ascii.IsValid(mailbox.Host ?? "");
}
