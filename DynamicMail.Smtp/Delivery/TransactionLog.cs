using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// One log line per delivery transaction, in the spirit of Postfix's <c>status=</c> lines: queue id, domain, the
/// customer's server, sender, how many recipients were sent, deferred and refused, size, TLS, the overall status and
/// the server's reply to the data. Never a body; recipients' addresses are in the per-recipient Debug lines.
/// </summary>
internal static class TransactionLog
{
    public static void Write(DeliveryContext ctx, QueuedMessage message, TlsState tls, TransactionResult result, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (!ctx.Logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        var sent = outcomes.Count(o => o.Kind == RecipientOutcome.Delivered);
        var refused = outcomes.Count(o => o.Kind is RecipientOutcome.Rejected or RecipientOutcome.Held);
        var deferred = outcomes.Count - sent - refused;
        var status = (sent, deferred, refused) switch
        {
            (_, 0, 0) => "sent",
            (0, _, 0) => "deferred",
            (0, 0, _) => "refused",
            _ => "partial",
        };
        var reply = result.DataCode is { } code ? $"{code} {result.DataText}" : result.DataText ?? (result.Recipients.Count > 0 ? result.Recipients[^1].ToString() : null) ?? "";
        ctx.Logger.LogInformation(
            "Delivery {MessageId} domain={Domain} relay={Relay} from=<{Sender}> rcpts={Recipients} sent={Sent} deferred={Deferred} refused={Refused} size={Size} tls={Tls} status={Status} reply={Reply}",
            message.Id, ctx.Domain.Name, ctx.Target, message.Sender, outcomes.Count, sent, deferred, refused, message.Size,
            tls.Secure ? tls.Protocol ?? "yes" : "none", status, ReplyText.Shorten(reply));
    }
}
