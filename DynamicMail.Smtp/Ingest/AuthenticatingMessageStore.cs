using System.Buffers;
using DynamicMail.Smtp.Auth;
using DynamicMail.Smtp.Domains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Sender authentication at the end of DATA, before the queue sees the message: DMARC <c>p=reject</c> is refused with
/// 550 5.7.1 and nothing is stored; otherwise the verdict and DynamicMail's ARC set go on top and forged
/// Authentication-Results in DynamicMail's name come out. Runs when any recipient's domain has <c>AuthChecks</c> on;
/// a failure of the checks themselves stores the message unchecked (never a lost message).
/// </summary>
internal sealed class AuthenticatingMessageStore(
    QueueMessageStore inner, ISenderAuthentication auth, IDomainDirectory domains, IOptions<SmtpOptions> smtpOptions,
    ILogger<AuthenticatingMessageStore> logger) : IMessageStore
{
    /// <summary>Where the store finds the verdict of the transaction being saved.</summary>
    public const string VerdictKey = "DynamicMail:AuthVerdict";

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        if (!Wanted(context, transaction, out var sender))
        {
            return await inner.SaveAsync(context, transaction, buffer, cancellationToken).ConfigureAwait(false);
        }
        MessageAuthentication result;
        try
        {
            result = await auth.AtEndOfDataAsync(sender, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Sender authentication failed; the message is stored without a verdict");
            return await inner.SaveAsync(context, transaction, buffer, cancellationToken).ConfigureAwait(false);
        }
        if (result.Reject)
        {
            logger.LogInformation("Refused a message from <{Sender}>: DMARC policy of {Domain} is reject ({Verdict})",
                transaction.From is { } f ? EnvelopeAddress.Format(f) : "", result.Verdict.Dmarc.FromDomain, result.Summary);
            return Replies.DmarcReject(result.Verdict.Dmarc.FromDomain);
        }
        context.Properties[VerdictKey] = result.Summary;
        try
        {
            return await inner.SaveAsync(context, transaction, result.Apply(buffer), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.Properties.Remove(VerdictKey);
        }
    }

    private bool Wanted(ISessionContext context, IMessageTransaction transaction, out SenderCheck sender)
    {
        sender = null!;
        if (!auth.Enabled || !context.Properties.TryGetValue(DomainMailboxFilter.SenderCheckKey, out var s) || s is not SenderCheck check)
        {
            return false;
        }
        if (context.Properties.TryGetValue(ConversationListenerFactory.ConversationKey, out var p) && p is ConversationPipe { Conversation.Tracker.Oversized: true })
        {
            return false; // refused for its size by the store anyway
        }
        sender = check;
        var hostname = smtpOptions.Value.EffectiveHostname;
        return transaction.To.Any(r => RelayPolicy.Evaluate(r.User ?? "", r.Host ?? "", hostname, domains).Domain is { } d
            && domains.FindByName(d) is not { AuthChecks: false });
    }
}
