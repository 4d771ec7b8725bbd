using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Bounces;

/// <summary>Operator returns go through the same composer and durable settlement as expiry.</summary>
internal sealed class MailReturns(IMailQueue queue, DsnComposer composer, IMailEvents events, TimeProvider time) : IMailReturns
{
    public Task<int> ReturnNowAsync(string messageId, string? note, CancellationToken cancellationToken = default) =>
        ReturnNowAsync(messageId, note, null, cancellationToken);

    public async Task<int> ReturnNowAsync(string messageId, string? note, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await queue.FindAsync(messageId, cancellationToken).ConfigureAwait(false) is not { } message)
            {
                return 0;
            }
            var plan = AgeingPlanner.ReturnNow(message, time.GetUtcNow().UtcDateTime, note);
            if (plan.IsEmpty)
            {
                return 0;
            }
            var (settlement, notices) = await composer.ComposeAsync(message, plan).ConfigureAwait(false);
            if (await queue.SettleAsync(settlement with { Audit = audit }).ConfigureAwait(false))
            {
                foreach (var notice in notices)
                {
                    events.Publish(notice);
                }
                return plan.Changes.Count;
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return 0;
    }
}
