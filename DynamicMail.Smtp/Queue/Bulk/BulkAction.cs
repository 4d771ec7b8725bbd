namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>What a bulk action does to every message its filter matches.</summary>
public enum BulkAction
{
    Hold,
    Release,
    Retry,
    Return,
    Delete,
}
