namespace DynamicMail.Smtp.Queue;

/// <summary>Messages DynamicMail sends itself (DSNs). Filled by <see cref="IMailQueue.SettleAsync"/>, emptied by the sender.</summary>
public interface IOutbox
{
    /// <summary>
    /// Messages whose next attempt is due at <paramref name="now"/>, earliest first, each leased for
    /// <paramref name="lease"/> (its next attempt moved to now + lease) so no other sender takes it meanwhile.
    /// </summary>
    Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTime now, int max, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>The earliest next attempt, or null when the outbox is empty.</summary>
    Task<DateTime?> NextDueAsync(CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes a message that was sent, or that is given up on.</summary>
    Task RemoveAsync(string id);

    Task RescheduleAsync(string id, DateTime nextAttemptAt, string error);
}
