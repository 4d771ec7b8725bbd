using MailKit.Net.Smtp;
using MimeKit;

namespace DynamicMail.Smtp.Delivery;

/// <summary>An SmtpClient that records each recipient's reply instead of throwing on the first refusal.</summary>
internal sealed class RecordingSmtpClient : SmtpClient
{
    public List<RecipientReply> Replies { get; } = [];
    public string? Fingerprint { get; set; }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Replies.Add(new RecipientReply(mailbox.Address, (int)response.StatusCode, ReplyText.Shorten(response.Response)));

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Replies.Add(new RecipientReply(mailbox.Address, (int)response.StatusCode, ReplyText.Shorten(response.Response)));
}
