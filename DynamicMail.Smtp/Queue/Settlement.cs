using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// What the ageing worker decided for one message: recipients that change state, the new delay-warning count,
/// and the DSNs to send. Applied only if the message is still as the worker saw it.
/// </summary>
public sealed record Settlement(
    string MessageId,
    int ExpectedWarningsSent,
    int DelayWarningsSent,
    IReadOnlyList<RecipientChange> Changes,
    IReadOnlyList<OutboundMessage> Outbound)
{
    /// <summary>The operator action this settlement carries out, recorded in the same commit; null for ageing.</summary>
    public AuditEntry? Audit { get; init; }
}

/// <summary>One recipient moving from the state the worker saw to its final state.</summary>
public sealed record RecipientChange(string Address, RecipientState From, RecipientState To);
