using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Turns one transaction's replies into one recipient's outcome.</summary>
internal static class OutcomeMapping
{
    public static DeliveryOutcome For(string address, TransactionResult result)
    {
        var rcpt = result.Recipients.FirstOrDefault(r => string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase));
        if (rcpt is { Code: >= 500 })
        {
            return new DeliveryOutcome(address, RecipientOutcome.Rejected, ReplyText.Shorten(rcpt.ToString()));
        }
        if (rcpt is { Code: < 200 or >= 300 })
        {
            return new DeliveryOutcome(address, RecipientOutcome.TryLater, ReplyText.Shorten(rcpt.ToString()));
        }
        if (result.Broken)
        {
            return new DeliveryOutcome(address, RecipientOutcome.TryLater, result.DataText);
        }
        var reply = ReplyText.Shorten($"{result.DataCode} {result.DataText}");
        return result.DataCode switch
        {
            null => new DeliveryOutcome(address, RecipientOutcome.Released, null),
            // Only a recipient the server accepted can be delivered by the final dot's 2xx.
            >= 200 and < 300 => rcpt is null
                ? new DeliveryOutcome(address, RecipientOutcome.Released, null)
                : new DeliveryOutcome(address, RecipientOutcome.Delivered, reply),
            >= 500 and < 600 => new DeliveryOutcome(address, RecipientOutcome.Rejected, reply),
            _ => new DeliveryOutcome(address, RecipientOutcome.TryLater, reply),
        };
    }
}
