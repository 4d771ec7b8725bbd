namespace DynamicMail.Smtp.Queue;

/// <summary>Where one recipient of a queued message stands.</summary>
public enum RecipientState
{
    Queued,
    Delivering,
    Delivered,
    Failed,
    Held,
    Returned,
    Expired,
}
