using DynamicMail.Smtp.Queue.Bulk;

namespace DynamicMail.Smtp.Events;

/// <summary>A batch of a bulk action changed <paramref name="Count"/> messages of the domain (delivery agents wake on it).</summary>
public sealed record BulkBatchApplied(string Domain, DateTime At, string JobId, BulkAction Action, int Count) : MailEvent(Domain, At);

/// <summary>A bulk action progressed, started or finished (site-wide: <see cref="MailEvent.Domain"/> is empty).</summary>
public sealed record BulkJobChanged(DateTime At, BulkJob Job) : MailEvent("", At);
