using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace DynamicMail.Smtp.Delivery;

/// <summary>One MailKit connection; maps replies to per-recipient results and site faults.</summary>
internal sealed class MailKitConnection(RecordingSmtpClient client) : IMailConnection
{
    public TlsState Tls => client.IsSecure
        ? new TlsState(true, client.SslProtocol.ToString(), client.Fingerprint)
        : TlsState.None;

    public bool IsConnected => client.IsConnected;

    public async Task<TransactionResult> SendAsync(string sender, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken)
    {
        // Persistent: the parts refer to the stored bytes instead of copying them; the stream stays open until sent.
        var message = await MimeMessage.LoadAsync(content, persistent: true, cancellationToken).ConfigureAwait(false);
        client.Replies.Clear();
        var from = new MailboxAddress("", sender);
        var to = recipients.Select(r => new MailboxAddress("", r)).ToList();
        try
        {
            var reply = await client.SendAsync(FormatOptions.Default, message, from, to, cancellationToken).ConfigureAwait(false);
            return new TransactionResult(client.Replies.ToList(), 250, reply);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode == 421 || ex.ErrorCode == SmtpErrorCode.SenderNotAccepted)
        {
            throw new SiteFaultException($"{(int)ex.StatusCode} {ex.Message}", (int)ex.StatusCode >= 500, ex);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.MessageNotAccepted)
        {
            var anyAccepted = client.Replies.Exists(r => r.Code is >= 200 and < 300);
            return new TransactionResult(client.Replies.ToList(), anyAccepted ? (int)ex.StatusCode : null, anyAccepted ? ex.Message : null);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SiteFaultException("The connection broke during the transaction: " + ex.Message, ex);
        }
    }

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
