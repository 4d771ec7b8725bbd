using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Bounces;

/// <summary>Returns queued mail to its senders on an operator's request, with a failed DSN.</summary>
public interface IMailReturns
{
    /// <summary>Returns every waiting recipient of the message; the number returned (0 when none or not found).</summary>
    Task<int> ReturnNowAsync(string messageId, string? note, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ReturnNowAsync(string, string?, CancellationToken)"/>, recording <paramref name="audit"/> in the same commit.</summary>
    Task<int> ReturnNowAsync(string messageId, string? note, AuditEntry? audit, CancellationToken cancellationToken = default);
}
