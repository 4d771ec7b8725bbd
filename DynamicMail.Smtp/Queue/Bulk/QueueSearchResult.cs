namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>A parsed search: the filter, or why the text is not one.</summary>
public sealed record QueueSearchResult(QueueFilter? Filter, string? Error)
{
    public static QueueSearchResult Valid(QueueFilter filter) => new(filter, null);
    public static QueueSearchResult Invalid(string error) => new(null, error);
}
