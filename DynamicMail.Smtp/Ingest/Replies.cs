using SmtpServer.Protocol;

namespace DynamicMail.Smtp.Ingest;

/// <summary>The replies DynamicMail itself gives, each with its enhanced status code.</summary>
internal static class Replies
{
    public static readonly SmtpResponse RelayDenied = new(SmtpReplyCode.MailboxUnavailable, "5.7.1 Relay access denied");
    public static readonly SmtpResponse UnknownRecipient = new(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such recipient here");
    public static readonly SmtpResponse DomainDisabled = new(SmtpReplyCode.MailboxUnavailable, "5.2.1 Mailbox disabled, not accepting messages");
    public static readonly SmtpResponse TooManyRecipients = new(SmtpReplyCode.InsufficientStorage, "4.5.3 Too many recipients");
    public static readonly SmtpResponse NoSpace = new(SmtpReplyCode.InsufficientStorage, "4.3.1 Insufficient system storage, try again later");
    public static readonly SmtpResponse StoreError = new(SmtpReplyCode.Aborted, "4.3.0 Local error in processing, try again later");
    public static readonly SmtpResponse TooBig = new(SmtpReplyCode.SizeLimitExceeded, "5.3.4 Message size exceeds fixed maximum message size");
    public static readonly SmtpResponse MailLoop = new(SmtpReplyCode.TransactionFailed, "5.4.6 Too many Received headers: mail loop detected");

    public static readonly SmtpResponse NonAscii = new(SmtpReplyCode.MailboxNameNotAllowed, "5.6.7 Non-ASCII addresses need SMTPUTF8, which this server does not offer");
    public static readonly SmtpResponse EhloFirst = new(SmtpReplyCode.BadSequence, "5.5.1 Send EHLO again after STARTTLS");
    public static readonly SmtpResponse BadSize = new(SmtpReplyCode.SyntaxError, "5.5.4 SIZE takes a number of octets");
    public static readonly SmtpResponse BadBody = new(SmtpReplyCode.SyntaxError, "5.5.4 BODY takes 7BIT or 8BITMIME");

    public static SmtpResponse UnknownParameter(string name) => new((SmtpReplyCode)555, $"5.5.4 Unsupported parameter {Clip(name)}");

    private static string Clip(string s) => s.Length > 40 ? s[..40] : s;

    /// <summary>RFC 7489 §6.7 refusal: names DMARC and the domain whose policy asked for it.</summary>
    public static SmtpResponse DmarcReject(string? domain) =>
        new(SmtpReplyCode.MailboxUnavailable, $"5.7.1 Message refused: it fails the DMARC policy (p=reject) of {domain}");

    /// <summary>A client listed by a DNS blocklist zone (RFC 5782), refused before any mail is accepted.</summary>
    public static SmtpResponse Blocklisted(string client, string zone) =>
        new(SmtpReplyCode.TransactionFailed, $"5.7.1 Client host [{client}] is listed by the blocklist {zone}");

    public static SmtpResponse Queued(IEnumerable<string> ids) => new(SmtpReplyCode.Ok, "2.0.0 Ok: queued as " + string.Join(' ', ids));
}
