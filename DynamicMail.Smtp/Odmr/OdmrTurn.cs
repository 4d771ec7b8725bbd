using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Odmr;

/// <summary>
/// The turn (RFC 2645 §4.3): DynamicMail becomes the SMTP client on the customer's own connection and delivers
/// the domain's due mail with the browser path's worker (the same leases, outcomes, DSN rules and events), then QUIT.
/// </summary>
internal sealed class OdmrTurn(
    IMailQueue queue, DomainStatusBoard board, IMailEvents events, IOptions<DeliveryOptions> options, IOptions<SmtpOptions> smtp,
    TimeProvider time, ILoggerFactory loggers, Auth.ArcSealing sealing, Delivery.Transcripts.ITranscriptLog transcripts) : IOdmrTurn
{
    public async Task RunAsync(CustomerDomain domain, Stream connection, string client, CancellationToken cancellationToken)
    {
        var target = new DeliveryTarget(client, 0);
        var sender = new TurnedSender(connection, options.Value, smtp.Value.EffectiveHostname, time);
        var ctx = new DeliveryContext(domain, target, queue, sender, board, events, options.Value, time, loggers.CreateLogger("DynamicMail.Odmr"))
        {
            StopWhenIdle = true,
            Sealing = sealing,
            Transcripts = transcripts,
        };
        events.Publish(new OdmrSessionChanged(domain.Name, ctx.Now, client, Active: true));
        board.SessionStarted(domain.Name, target);
        try
        {
            var worker = new DeliveryWorker(ctx, new WorkSignal(), new RejectionStreak(ctx.Options.SameRejectionLimit), $"{domain.Name}/odmr/{Guid.NewGuid():N}");
            await worker.RunAsync(cancellationToken, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            board.Offline(domain.Name);
            events.Publish(new OdmrSessionChanged(domain.Name, ctx.Now, client, Active: false));
        }
    }

    /// <summary>Hands out the one connection there is; once it is gone the session is over.</summary>
    private sealed class TurnedSender(Stream stream, DeliveryOptions options, string hostname, TimeProvider time) : IMailSender
    {
        private int _used;

        public async Task<IMailConnection> ConnectAsync(DeliveryTarget target, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _used, 1) == 1)
            {
                throw new SiteFaultException("The ODMR connection is closed");
            }
            var client = new RecordingSmtpClient(new Delivery.Transcripts.TranscriptRecorder(time)) { Timeout = (int)options.CommandTimeout.TotalMilliseconds, LocalDomain = hostname };
            try
            {
                var bounded = new BoundedReplyStream(stream, encrypted: stream is System.Net.Security.SslStream);
                await client.ConnectAsync(bounded, target.Host, 0, SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
                return new MailKitConnection(client, bounded);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                throw new SiteFaultException("The ODMR client did not start its SMTP server: " + ex.Message, ex);
            }
        }
    }
}
