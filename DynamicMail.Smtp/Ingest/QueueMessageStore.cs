using System.Buffers;
using System.Net;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Hands received bytes to the queue, one queue entry per customer domain, and answers 250 only after the
/// queue says they are on stable storage. Never lets an exception reach the library (it would say a bare 554).
/// </summary>
internal sealed class QueueMessageStore(IMailQueue queue, IDomainDirectory domains, IOptions<SmtpOptions> smtpOptions, FreeSpace space, TimeProvider time, ILogger<QueueMessageStore> logger)
    : IMessageStore
{
    private readonly SmtpOptions options = smtpOptions.Value;
    public const string HeloKey = "DynamicMail:Helo";
    private const int MaxReceived = 100;

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (context.Properties.TryGetValue(ConversationListenerFactory.ConversationKey, out var p) && p is ConversationPipe { Conversation.Tracker.Oversized: true })
        {
            return Replies.TooBig;
        }
        var (summary, received) = HeaderScan.Read(buffer);
        if (received > MaxReceived)
        {
            return Replies.MailLoop;
        }
        if (!space.HasRoom())
        {
            return Replies.NoSpace;
        }
        try
        {
            var ids = await Task.WhenAll(ByDomain(transaction.To).Select(g => EnqueueAsync(context, transaction, g.Key, g.ToList(), buffer, summary))).ConfigureAwait(false);
            SessionSummary.Queued(context, ids);
            return Replies.Queued(ids);
        }
        catch (Exception ex) when (IsDiskFull(ex))
        {
            logger.LogError(ex, "Disk full while storing a message");
            return Replies.NoSpace;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Storing a message failed");
            return Replies.StoreError;
        }
    }

    private IEnumerable<IGrouping<string, string>> ByDomain(IEnumerable<IMailbox> recipients) =>
        recipients.Select(r => (Address: EnvelopeAddress.Format(r), Domain: RelayPolicy.Evaluate(r.User ?? "", r.Host ?? "", options.EffectiveHostname, domains).Domain))
            .Where(r => r.Domain is not null)
            .GroupBy(r => r.Domain!, r => r.Address, StringComparer.OrdinalIgnoreCase);

    private async Task<string> EnqueueAsync(ISessionContext context, IMessageTransaction transaction, string domain, List<string> recipients, ReadOnlySequence<byte> raw, HeaderSummary summary)
    {
        var id = QueueIds.Next(time);
        var helo = context.Properties.TryGetValue(HeloKey, out var h) ? h as string : null;
        var client = (context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var ep) ? ep as IPEndPoint : null)?.Address.ToString();
        var tls = context.Properties.TryGetValue(ConversationListenerFactory.ConversationKey, out var p) ? (p as ConversationPipe)?.TlsDescription : null;
        var trace = ReceivedHeader.Build(new ReceivedHeader.Session(helo, client, tls), options.EffectiveHostname, id, recipients, time.GetLocalNow());
        // No copy here: the queue copies an inline body once and writes a spooled one straight from the session's buffer.
        var content = new MessageContent(trace, raw);
        var sender = transaction.From is { } from && !string.IsNullOrEmpty(from.User) ? EnvelopeAddress.Format(from) : "";
        var verdict = context.Properties.TryGetValue(AuthenticatingMessageStore.VerdictKey, out var v) ? v as string : null;
        var message = new NewMessage(domain, sender, recipients, content, summary, client, helo, id, tls, verdict);
        // The store may have given it another id (another node had just taken this one): report the one stored.
        var queued = await queue.EnqueueAsync(message).ConfigureAwait(false);
        using var scope = logger.BeginScope("Message {MessageId}", queued.Id);
        logger.LogInformation("Queued {MessageId} for {Domain} from <{Sender}> ({Size} bytes, {Count} recipients) client={Client} tls={Tls}",
            queued.Id, domain, sender, content.Length, recipients.Count, client ?? "unknown", tls ?? "none");
        return queued.Id;
    }

    /// <summary>ENOSPC anywhere in the chain (the store wraps the failed flush or write).</summary>
    private static bool IsDiskFull(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is IOException io && (io.HResult is 28 or unchecked((int)0x80070070) || io.Message.Contains("No space left", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
