using DynamicMail.Smtp.Events;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// One log line per recipient outcome of a delivery, as Postfix logs them: queue id, domain, recipient, size,
/// status and the customer server's reply. Written from the engine's events, so delivery itself stays unaware.
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
                _logger.LogInformation("Delivery {MessageId} domain={Domain} to=<{Recipient}> size={Size} status={Status} reply={Reply}",
                    d.MessageId, d.Domain, d.Recipient, d.Size, "sent", d.Reply);
                break;
            case RecipientFailed f:
                _logger.LogInformation("Delivery {MessageId} domain={Domain} to=<{Recipient}> status={Status} reply={Reply}",
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
