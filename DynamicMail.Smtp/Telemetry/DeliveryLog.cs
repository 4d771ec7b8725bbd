using DynamicMail.Smtp.Events;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// One Debug line per recipient outcome of a delivery (queue id, domain, recipient, size, status, the customer
/// server's reply) and one Information line per DSN, written from the engine's events. The Information line per
/// delivery transaction is <see cref="Delivery.TransactionLog"/>.
/// </summary>
internal sealed class DeliveryLog : IDisposable
{
    private readonly ILogger<DeliveryLog> _logger;
    private readonly IDisposable _subscription;

    public DeliveryLog(IMailEvents events, ILogger<DeliveryLog> logger)
    {
        _logger = logger;
        _subscription = events.Subscribe(On);
    }

    private void On(MailEvent e)
    {
        switch (e)
        {
            case RecipientDelivered d:
                _logger.LogDebug("Recipient {MessageId} domain={Domain} to=<{Recipient}> size={Size} status={Status} reply={Reply}",
                    d.MessageId, d.Domain, d.Recipient, d.Size, "sent", d.Reply);
                break;
            case RecipientFailed f:
                _logger.LogDebug("Recipient {MessageId} domain={Domain} to=<{Recipient}> status={Status} reply={Reply}",
                    f.MessageId, f.Domain, f.Recipient, f.Permanent ? "refused" : "deferred", f.Reply);
                break;
            case SenderNotified n:
                _logger.LogInformation("DSN {MessageId} domain={Domain} kind={Kind} recipients={Recipients} status={Status}",
                    n.MessageId, n.Domain, n.Kind, n.Recipients, n.Sent ? "queued" : "suppressed: " + n.Why);
                break;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
