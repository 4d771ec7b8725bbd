using System.Net;
using DynamicMail.Smtp.Auth;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Recipients;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Asks the domain directory whether a recipient is ours; refuses mail while the disk is nearly full.</summary>
internal sealed class DomainMailboxFilter(IDomainDirectory domains, IRecipientLists recipients, IOptions<SmtpOptions> smtpOptions, FreeSpace space, ISenderAuthentication auth)
    : IMailboxFilter
{
    private readonly SmtpOptions options = smtpOptions.Value;

    private const string RecipientCountKey = "DynamicMail:RecipientCount";

    private static Task<bool> Accept(ISessionContext context, int count)
    {
        context.Properties[RecipientCountKey] = count + 1;
        return Task.FromResult(true);
    }

    /// <summary>Where the session keeps the ESMTP parameters of the MAIL command being executed.</summary>
    public const string MailParametersKey = "DynamicMail:MailParameters";

    /// <summary>Where the session keeps the sender checks started at MAIL FROM (blocklists, SPF under way).</summary>
    public const string SenderCheckKey = "DynamicMail:SenderCheck";

    public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        var parameters = context.Properties.TryGetValue(MailParametersKey, out var p) ? p as IReadOnlyDictionary<string, string> : null;
        if (MailParameters.Check(parameters, options.MaxMessageSize) is { } refusal)
        {
            throw new SmtpResponseException(refusal);
        }
        if (context.Pipe.IsSecure && !context.Properties.ContainsKey(QueueMessageStore.HeloKey))
        {
            throw new SmtpResponseException(Replies.EhloFirst); // RFC 3207 §4.2: the session starts over after TLS
        }
        if (!EnvelopeAddress.IsAscii(from))
        {
            throw new SmtpResponseException(Replies.NonAscii);
        }
        if (!space.HasRoom())
        {
            throw new SmtpResponseException(Replies.NoSpace);
        }
        context.Properties[RecipientCountKey] = 0;
        context.Properties.Remove(SenderCheckKey);
        if (auth.Enabled)
        {
            await CheckSenderAsync(context, from, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>A client listed by a blocklist is refused here; SPF starts and runs on while the transaction arrives.</summary>
    private async Task CheckSenderAsync(ISessionContext context, IMailbox from, CancellationToken cancellationToken)
    {
        var client = (context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var ep) ? ep as IPEndPoint : null)?.Address;
        var helo = context.Properties.TryGetValue(QueueMessageStore.HeloKey, out var h) ? h as string : null;
        var sender = !string.IsNullOrEmpty(from.User) ? EnvelopeAddress.Format(from) : "";
        var check = await auth.AtMailFromAsync(client, helo, sender, cancellationToken).ConfigureAwait(false);
        if (check.BlockedBy is { } zone)
        {
            throw new SmtpResponseException(Replies.Blocklisted(client!.ToString(), zone));
        }
        context.Properties[SenderCheckKey] = check;
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var count = context.Properties.TryGetValue(RecipientCountKey, out var c) ? (int)c : 0;
        if (count >= options.MaxRecipients)
        {
            throw new SmtpResponseException(Replies.TooManyRecipients);
        }
        if (!EnvelopeAddress.IsAscii(to))
        {
            throw new SmtpResponseException(Replies.NonAscii);
        }
        var (verdict, domain) = RelayPolicy.Evaluate(to.User ?? "", to.Host ?? "", options.EffectiveHostname, domains);
        return verdict switch
        {
            RcptVerdict.Accept when !recipients.Accepts(domain!, to.User ?? "") => throw new SmtpResponseException(Replies.UnknownRecipient),
            RcptVerdict.Accept => Accept(context, count),
            RcptVerdict.DomainDisabled => throw new SmtpResponseException(Replies.DomainDisabled),
            _ => throw new SmtpResponseException(Replies.RelayDenied),
        };
    }
}
