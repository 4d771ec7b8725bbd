using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Ingest;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Delivery;

/// <summary>MailKit over a socket with NoDelay (else ~50 ms per message); opportunistic STARTTLS, any certificate.</summary>
internal sealed class MailKitMailSender(IOptions<DeliveryOptions> options, IOptions<SmtpOptions> smtp, TimeProvider time) : IMailSender
{
    public async Task<IMailConnection> ConnectAsync(DeliveryTarget target, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new RecordingSmtpClient(new TranscriptRecorder(time)) { Timeout = (int)o.CommandTimeout.TotalMilliseconds, LocalDomain = smtp.Value.EffectiveHostname };
        client.CheckCertificateRevocation = false;
        // Opportunistic TLS (RFC 7435): any certificate is accepted; its fingerprint is shown and may be pinned per domain.
#pragma warning disable CA5359
        client.ServerCertificateValidationCallback = (_, cert, _, _) =>
        {
            client.Fingerprint = cert is null ? null : new X509Certificate2(cert).GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
            return true;
        };
#pragma warning restore CA5359
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.ConnectTimeout);
            await socket.ConnectAsync(target.Host, target.Port, timeout.Token).ConfigureAwait(false);
            // Every reply is read through a stream that bounds its lines and its size (a hostile server cannot fill memory).
            var stream = new BoundedReplyStream(new NetworkStream(socket, ownsSocket: true));
            var tls = target.RequireTls ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(stream, target.Host, target.Port, tls, timeout.Token).ConfigureAwait(false);
            return new MailKitConnection(client, stream);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            socket.Dispose();
            var refused = ex is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 } || (ex is NotSupportedException && target.RequireTls);
            var why = Describe(ex, target);
            client.Transcript.Note(why);
            throw new SiteFaultException(why, refused, ex) { Transcript = client.Transcript.Take() };
        }
    }

    private static string Describe(Exception ex, DeliveryTarget target) => ex switch
    {
        SmtpCommandException c => ReplyText.Shorten($"{(int)c.StatusCode} {c.Message}"),
        NotSupportedException when target.RequireTls =>
            $"Your mail server at {target} does not offer STARTTLS, and this domain requires TLS: nothing is sent in clear",
        _ when ReplyTooLongException.IsCause(ex) => $"{target} sent a reply without end: {ex.Message}",
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => $"Connection to {target} refused",
        OperationCanceledException or TimeoutException => $"No answer from {target}",
        SslHandshakeException => $"TLS handshake with {target} failed",
        _ => ReplyText.Shorten($"Cannot talk to {target}: {ex.Message}"),
    };
}
