namespace DynamicMail.Smtp.Bounces;

/// <summary>One recipient's block in a DSN (RFC 3464 §2.3).</summary>
public sealed record DsnRecipient(
    string Address,
    string Status,
    string? Diagnostic,
    string? RemoteMta,
    DateTime? LastAttempt);

/// <summary>Failed (the message is returned) or delayed (a warning; delivery goes on).</summary>
public enum DsnKind
{
    Failed,
    Delayed,
}

/// <summary>Why recipients are reported, which decides the human text.</summary>
public enum DsnReason
{
    Refused,
    Expired,
    Waiting,
    Operator,
}
