using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Turns one transaction's replies into one recipient's outcome.</summary>
internal static class OutcomeMapping
{
    public static DeliveryOutcome For(string address, TransactionResult result)
    {
        var rcpt = result.Recipients.FirstOrDefault(r => string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase));
        if (rcpt is null)
        {
            return new DeliveryOutcome(address, RecipientOutcome.Released, null);
        }
        if (rcpt.Code is >= 400 and < 500)
        {
            return new DeliveryOutcome(address, RecipientOutcome.TryLater, rcpt.ToString());
        }
        if (rcpt.Code >= 500)
        {
            return new DeliveryOutcome(address, RecipientOutcome.Rejected, rcpt.ToString());
        }
        var data = $"{result.DataCode} {result.DataText}";
        return result.DataCode switch
        {
            >= 200 and < 300 => new DeliveryOutcome(address, RecipientOutcome.Delivered, data),
            >= 400 and < 500 => new DeliveryOutcome(address, RecipientOutcome.TryLater, data),
            >= 500 => new DeliveryOutcome(address, RecipientOutcome.Rejected, data),
            _ => new DeliveryOutcome(address, RecipientOutcome.Released, null),
        };
    }
}
