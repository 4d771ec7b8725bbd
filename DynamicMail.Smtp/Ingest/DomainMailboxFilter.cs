using DynamicMail.Smtp.Domains;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Asks the domain directory whether a recipient is ours; refuses mail while the disk is nearly full.</summary>
internal sealed class DomainMailboxFilter(IDomainDirectory domains, IOptions<SmtpOptions> smtpOptions, FreeSpace space) : IMailboxFilter
{
    private readonly SmtpOptions options = smtpOptions.Value;

    private const string RecipientCountKey = "DynamicMail:RecipientCount";

    private static Task<bool> Accept(ISessionContext context, int count)
    {
        context.Properties[RecipientCountKey] = count + 1;
        return Task.FromResult(true);
    }

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        if (!space.HasRoom())
        {
            throw new SmtpResponseException(Replies.NoSpace);
        }
        context.Properties[RecipientCountKey] = 0;
        return Task.FromResult(true);
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var count = context.Properties.TryGetValue(RecipientCountKey, out var c) ? (int)c : 0;
        if (count >= options.MaxRecipients)
        {
            throw new SmtpResponseException(Replies.TooManyRecipients);
        }
        var (verdict, _) = RelayPolicy.Evaluate(to.User ?? "", to.Host ?? "", options.EffectiveHostname, domains);
        return verdict switch
        {
            RcptVerdict.Accept => Accept(context, count),
            RcptVerdict.DomainDisabled => throw new SmtpResponseException(Replies.DomainDisabled),
            _ => throw new SmtpResponseException(Replies.RelayDenied),
        };
    }
}
