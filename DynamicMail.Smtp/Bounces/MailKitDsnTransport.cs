using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DynamicMail.Smtp.Bounces;

/// <summary>MailKit, one connection per DSN, MAIL FROM:&lt;&gt;; smart-host login and TLS as configured.</summary>
internal sealed class MailKitDsnTransport(IOptions<BounceOptions> options, IOptions<SmtpOptions> smtp) : IDsnTransport
{
    public async Task<SendResult> SendAsync(string host, int port, bool smartHost, OutboundMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var requireTls = smartHost && o.UseTls;
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds, LocalDomain = smtp.Value.EffectiveHostname };
        if (!requireTls)
        {
            // Opportunistic TLS (RFC 7435) toward MXs: encrypt when offered, whatever the certificate.
#pragma warning disable CA5359
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The whole conversation is bounded in time, and every reply in size (the DSN host may be anyone's MX).
            timeout.CancelAfter(o.Timeout);
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var tls = requireTls ? (port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls) : SecureSocketOptions.StartTlsWhenAvailable;
            var stream = new BoundedReplyStream(new NetworkStream(socket, ownsSocket: true), encrypted: tls == SecureSocketOptions.SslOnConnect);
            await client.ConnectAsync(stream, host, port, tls, timeout.Token).ConfigureAwait(false);
            if (smartHost && !string.IsNullOrEmpty(o.Username))
            {
                await client.AuthenticateAsync(o.Username, o.Password ?? "", timeout.Token).ConfigureAwait(false);
            }
            using var content = new MemoryStream(message.Content, writable: false);
            var mime = await MimeMessage.LoadAsync(content, timeout.Token).ConfigureAwait(false);
            var reply = await client.SendAsync(mime, new MailboxAddress("", ""), [new MailboxAddress("", message.Recipient)], timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(true, timeout.Token).ConfigureAwait(false);
            return new SendResult(SendStatus.Sent, ReplyText.Shorten(reply));
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            return new SendResult(code >= 500 ? SendStatus.Refused : SendStatus.TryLater, ReplyText.Shorten($"{code} {ex.Message}"));
        }
        catch (AuthenticationException ex)
        {
            return new SendResult(SendStatus.TryLater, $"Login to {host} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException
            or TimeoutException or NotSupportedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendResult(SendStatus.TryLater, ReplyText.Shorten($"Cannot talk to {host}:{port}: {ex.Message}"));
        }
        finally
        {
            socket.Dispose();
        }
    }
}
