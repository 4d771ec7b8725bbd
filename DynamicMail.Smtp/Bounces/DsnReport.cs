namespace DynamicMail.Smtp.Bounces;

/// <summary>Everything one DSN says about one queued message.</summary>
public sealed record DsnReport(
    DsnKind Kind,
    DsnReason Reason,
    string OriginalSender,
    string Domain,
    DateTime ArrivedAt,
    DateTime RetryUntil,
    IReadOnlyList<DsnRecipient> Recipients,
    byte[] OriginalHeaders,
    string? OriginalMessageId,
    string? Note = null);
