namespace DynamicMail.Smtp.Queue;

/// <summary>Messages DynamicMail sends itself (DSNs). Filled by <see cref="IMailQueue.SettleAsync"/>, emptied by the sender.</summary>
public interface IOutbox
{
    /// <summary>Messages whose next attempt is due at <paramref name="now"/>, earliest first.</summary>
    IReadOnlyList<OutboundMessage> Due(DateTime now, int max);

    /// <summary>The earliest next attempt, or null when the outbox is empty.</summary>
    DateTime? NextDue();

    int Count();

    /// <summary>Removes a message that was sent, or that is given up on.</summary>
    Task RemoveAsync(string id);

    Task RescheduleAsync(string id, DateTime nextAttemptAt, string error);
}
