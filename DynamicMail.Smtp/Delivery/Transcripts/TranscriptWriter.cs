using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>Stores the transcripts of one delivery session's attempts; a failing store is logged, never in delivery's way.</summary>
internal sealed class TranscriptWriter(DeliveryContext ctx)
{
    public async Task SaveAsync(string? messageId, IReadOnlyList<TranscriptLine> lines, TlsState? tls, string outcome)
    {
        if (ctx.Transcripts is not { } log || (lines.Count == 0 && outcome.Length == 0))
        {
            return;
        }
        try
        {
            await log.SaveAsync(new SmtpTranscript
            {
                Id = Guid.CreateVersion7(ctx.Time.GetUtcNow()).ToString("N"),
                Domain = ctx.Domain.Name,
                MessageId = messageId,
                At = ctx.Now,
                Target = ctx.Target.ToString(),
                Tls = tls is { Secure: true } t ? $"{t.Protocol}, certificate SHA-256 {t.Fingerprint ?? "unknown"}" : null,
                Outcome = ReplyText.Shorten(outcome),
                Lines = [.. lines],
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ctx.Logger.LogWarning(ex, "The transcript of an attempt for {Domain} was not kept", ctx.Domain.Name);
        }
    }

    /// <summary>One line for a transaction's result: the refused recipients' replies and the reply to the message.</summary>
    public static string Outcome(TransactionResult result)
    {
        var refused = result.Recipients.Where(r => r.Code >= 400).Select(r => $"{r.Address}: {r}");
        var data = result.Broken ? result.DataText : result.DataCode is { } code ? $"{code} {result.DataText}" : "no recipient accepted";
        return string.Join("; ", refused.Append(data ?? ""));
    }
}
