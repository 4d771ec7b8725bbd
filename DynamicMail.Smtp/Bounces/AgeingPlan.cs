using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Bounces;

/// <summary>What is due for one message now: the DSNs to send and the recipient states that change with them.</summary>
internal sealed record AgeingPlan(int DelayWarningsSent, IReadOnlyList<PlannedDsn> Dsns, IReadOnlyList<RecipientChange> Changes)
{
    public bool IsEmpty => Dsns.Count == 0 && Changes.Count == 0;
}

internal sealed record PlannedDsn(DsnKind Kind, DsnReason Reason, IReadOnlyList<DsnRecipient> Recipients, string? Note = null);
