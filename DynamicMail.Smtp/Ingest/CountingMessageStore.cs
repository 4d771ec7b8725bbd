using System.Buffers;
using DynamicMail.Smtp.Telemetry;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Counts the end-of-DATA refusals of the store it wraps (size, loop, disk full, store error), by reason.</summary>
internal sealed class CountingMessageStore(AuthenticatingMessageStore inner, MailMetrics metrics) : IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        var reply = await inner.SaveAsync(context, transaction, buffer, cancellationToken).ConfigureAwait(false);
        if (reply.ReplyCode != SmtpReplyCode.Ok)
        {
            metrics.RecordRefusal(RefusalReasons.Of(reply));
            SessionSummary.Refused(context);
        }
        return reply;
    }
}
