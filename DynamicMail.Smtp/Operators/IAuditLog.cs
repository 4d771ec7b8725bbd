namespace DynamicMail.Smtp.Operators;

/// <summary>The record of operator actions.</summary>
public interface IAuditLog
{
    Task RecordAsync(string who, string action, string target, string? detail = null);

    /// <summary>Newest first; <paramref name="search"/> matches operator, action, target or detail.</summary>
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, string? search = null, CancellationToken cancellationToken = default);
}
