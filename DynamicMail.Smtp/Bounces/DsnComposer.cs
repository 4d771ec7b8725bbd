using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// Turns a plan into a settlement: one DSN per planned notice, addressed to the original sender from the null
/// sender — except for messages whose sender was already null, and beyond the per-domain rate limit.
/// </summary>
internal sealed class DsnComposer(
    IMailQueue queue, BounceRateLimiter limiter, IOptions<SmtpOptions> smtp, AgeingSchedule schedule, TimeProvider time, ILogger<DsnComposer> logger)
{
    public async Task<(Settlement Settlement, IReadOnlyList<SenderNotified> Notices)> ComposeAsync(QueuedMessage message, AgeingPlan plan)
    {
        var now = time.GetUtcNow();
        var outbound = new List<OutboundMessage>();
        var notices = new List<SenderNotified>();
        byte[]? headers = null;
        foreach (var dsn in plan.Dsns)
        {
            var kind = dsn.Kind.ToString().ToLowerInvariant();
            var why = Refusal(message, kind, dsn.Recipients.Count);
            if (why is null)
            {
                headers ??= await ReadHeadersAsync(message).ConfigureAwait(false);
                var report = new DsnReport(dsn.Kind, dsn.Reason, message.Sender, message.Domain, message.ArrivedAt, schedule.ExpiresAt(message),
                    dsn.Recipients, headers, message.MessageId, dsn.Note);
                outbound.Add(ToOutbound(message, kind, DsnBuilder.Build(report, smtp.Value.EffectiveHostname, now), now.UtcDateTime));
            }
            notices.Add(new SenderNotified(message.Domain, now.UtcDateTime, message.Id, message.Sender, kind, dsn.Recipients.Count, why is null, why));
        }
        return (new Settlement(message.Id, message.DelayWarningsSent, plan.DelayWarningsSent, plan.Changes, outbound), notices);
    }

    private string? Refusal(QueuedMessage message, string kind, int recipients)
    {
        if (message.Sender.Length == 0)
        {
            // One line per message and event, however many recipients it concerns.
            logger.LogInformation("No {Kind} DSN for {MessageId} ({Recipients} recipients): its sender was the null sender", kind, message.Id, recipients);
            return "null sender";
        }
        var senderDomain = message.Sender[(message.Sender.LastIndexOf('@') + 1)..];
        if (!limiter.TryTake(senderDomain))
        {
            logger.LogWarning("Suppressed {Kind} DSN for {MessageId} to {Sender}: more than the hourly limit for {SenderDomain} ({Suppressed} suppressed so far)",
                kind, message.Id, message.Sender, senderDomain, limiter.Suppressed);
            return "rate limit";
        }
        return null;
    }

    private async Task<byte[]> ReadHeadersAsync(QueuedMessage message)
    {
        try
        {
            await using var content = await queue.OpenContentAsync(message).ConfigureAwait(false);
            return OriginalHeaders.Read(content);
        }
        catch (IOException ex)
        {
            logger.LogError(ex, "The body of {MessageId} cannot be read; its DSN carries no headers", message.Id);
            return [];
        }
    }

    private OutboundMessage ToOutbound(QueuedMessage message, string kind, MimeKit.MimeMessage dsn, DateTime now)
    {
        using var bytes = new MemoryStream();
        dsn.WriteTo(MimeKit.FormatOptions.Default, bytes);
        return new OutboundMessage
        {
            Id = QueueIds.Next(time),
            Recipient = message.Sender,
            Kind = kind,
            OriginalId = message.Id,
            OriginalDomain = message.Domain,
            CreatedAt = now,
            NextAttemptAt = now,
            Content = bytes.ToArray(),
        };
    }
}
