using DynamicMail.Smtp.Delivery.Transcripts;
using MailKit.Net.Smtp;
using MimeKit;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// An SmtpClient that records each recipient's reply instead of throwing on the first refusal, and leaves a
/// <see cref="RawMessage"/> as it is (no re-encoding, its size known without writing it out once more).
/// </summary>
internal sealed class RecordingSmtpClient(TranscriptRecorder transcript) : SmtpClient(transcript)
{
    /// <summary>The conversation so far, without bodies or credentials.</summary>
    public TranscriptRecorder Transcript => transcript;

    public List<RecipientReply> Replies { get; } = [];
    public string? Fingerprint { get; set; }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Replies.Add(new RecipientReply(mailbox.Address, (int)response.StatusCode, ReplyText.Shorten(response.Response)));

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Replies.Add(new RecipientReply(mailbox.Address, (int)response.StatusCode, ReplyText.Shorten(response.Response)));

    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
        if (message is not RawMessage)
        {
            base.Prepare(options, message, constraint, maxLineLength);
        }
    }

    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        message is RawMessage raw ? raw.Length : base.GetSize(options, message, cancellationToken);

    protected override Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        message is RawMessage raw ? Task.FromResult(raw.Length) : base.GetSizeAsync(options, message, cancellationToken);
}
