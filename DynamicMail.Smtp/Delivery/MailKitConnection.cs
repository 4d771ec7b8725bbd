using DynamicMail.Smtp.Delivery.Transcripts;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// One MailKit connection. Every way a transaction can end is a result for the message (a reply that concerns it,
/// or a broken transaction) or a site fault (421, the connection broke or stopped answering); nothing else escapes.
/// </summary>
internal sealed class MailKitConnection(RecordingSmtpClient client, BoundedReplyStream stream) : IMailConnection
{
    public TlsState Tls => client.IsSecure
        ? new TlsState(true, client.SslProtocol.ToString(), client.Fingerprint)
        : TlsState.None;

    public bool IsConnected => client.IsConnected;

    public IReadOnlyList<string> ServerNames => Delivery.ServerNames.Parse(stream.Head);

    public async Task<TransactionResult> SendAsync(string sender, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken)
    {
        var message = await LoadAsync(content, cancellationToken).ConfigureAwait(false);
        client.Replies.Clear();
        client.Transcript.BeginTransaction();
        var from = new MailboxAddress("", sender);
        var to = recipients.Select(r => new MailboxAddress("", r)).ToList();
        try
        {
            var reply = await client.SendAsync(FormatOptions.Default, message, from, to, cancellationToken).ConfigureAwait(false);
            return new TransactionResult(client.Replies.ToList(), 250, ReplyText.Shorten(reply));
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode == 421)
        {
            throw new SiteFaultException(ReplyText.Shorten($"421 {ex.Message}"), refused: false, ex) { Transcript = TakeTranscript() };
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 400)
        {
            // MAIL FROM refused (552 5.3.4 too big), DATA refused (451, 554), the final dot refused, or no recipient
            // accepted: the reply concerns this message; recipients refused at RCPT keep their own reply.
            return new TransactionResult(client.Replies.ToList(), (int)ex.StatusCode, ReplyText.Shorten(ex.Message));
        }
        catch (Exception ex) when (ex is SmtpCommandException
            || (ex is SmtpProtocolException && !stream.RemoteClosed) || ReplyTooLongException.IsCause(ex))
        {
            // A 2xx or 3xx where another reply was due, garbage, or a reply without end: the conversation is out of
            // step. Never taken as a success; the message is tried again later on a new connection.
            var why = ReplyText.Shorten("Your mail server's reply was out of step or malformed: " + ex.Message);
            return TransactionResult.BrokenOff(client.Replies.ToList(), why);
        }
        catch (Exception ex) when (ex is IOException or ServiceNotConnectedException or TimeoutException or SmtpProtocolException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SiteFaultException("The connection broke during the transaction: " + ReplyText.Shorten(ex.Message), refused: false, ex)
            {
                Attempted = true,
                Transcript = TakeTranscript(),
            };
        }
    }

    /// <summary>
    /// The stored bytes as they are when MailKit would send them unchanged (an inline 7-bit message with CRLF lines);
    /// otherwise parsed, persistent (the parts refer to the stored bytes instead of copying them). A message MimeKit
    /// cannot read throws here, before anything is sent.
    /// </summary>
    private static async Task<MimeMessage> LoadAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content is MemoryStream inline && RawMessage.TryCreate(inline.ToArray()) is { } raw)
        {
            return raw;
        }
        return await MimeMessage.LoadAsync(content, persistent: true, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<TranscriptLine> TakeTranscript() => client.Transcript.Take();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(true, quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or OperationCanceledException or SmtpCommandException)
        {
            // Hanging up on a broken connection: nothing left to tell.
        }
        finally
        {
            client.Dispose();
        }
    }
}
