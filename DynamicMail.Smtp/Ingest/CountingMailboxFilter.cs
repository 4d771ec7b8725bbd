using DynamicMail.Smtp.Telemetry;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Counts the MAIL and RCPT refusals of the filter it wraps, by reason.</summary>
internal sealed class CountingMailboxFilter(DomainMailboxFilter inner, MailMetrics metrics) : IMailboxFilter
{
    public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.CanAcceptFromAsync(context, from, size, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpResponseException ex)
        {
            metrics.RecordRefusal(RefusalReasons.Of(ex.Response));
            SessionSummary.Refused(context);
            throw;
        }
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.CanDeliverToAsync(context, to, from, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpResponseException ex)
        {
            metrics.RecordRefusal(RefusalReasons.Of(ex.Response));
            SessionSummary.Refused(context);
            throw;
        }
    }
}
