using DynamicMail.Smtp.Telemetry;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Counts the MAIL and RCPT refusals of the filter it wraps, by reason.</summary>
internal sealed class CountingMailboxFilter(DomainMailboxFilter inner, MailMetrics metrics) : IMailboxFilter
{
    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
        CountedAsync(context, () => inner.CanAcceptFromAsync(context, from, size, cancellationToken));

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
        CountedAsync(context, () => inner.CanDeliverToAsync(context, to, from, cancellationToken));

    private async Task<bool> CountedAsync(ISessionContext context, Func<Task<bool>> check)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (SmtpResponseException ex)
        {
            metrics.RecordRefusal(RefusalReasons.Of(ex.Response));
            SessionSummary.Refused(context);
            throw;
        }
    }
}
