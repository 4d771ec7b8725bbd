namespace DynamicMail.Smtp.Delivery;

public enum DeliveryState
{
    Offline,
    Waiting,
    Delivering,
    NotAnswering,
    Paused,
    TargetRefused,

    /// <summary>An operator or the customer holds delivery until a date ("maintenance mode"); mail keeps queuing.</summary>
    Held,
}

/// <summary>One delivered or refused recipient, for the "last deliveries" list.</summary>
/// <summary>
/// One recipient's outcome; <paramref name="ArrivedOver"/> is how the message reached DynamicMail (TLS, or null: in clear),
/// <paramref name="Auth"/> the sender-authentication verdict at the door (null: not checked).
/// </summary>
public sealed record DeliveryRecord(DateTime At, string MessageId, string From, string To, long Size, string Reply, bool Delivered, string? ArrivedOver = null,
    string? Auth = null);

/// <summary>A snapshot of one domain's live delivery session, as its page and the console show it.</summary>
public sealed record DomainStatus(
    string Domain,
    DeliveryState State,
    string Text,
    DeliveryTarget? Target,
    DateTime? RetryAt,
    TlsState Tls,
    int DeliveredThisSession,
    int FailedThisSession,
    string? CurrentMessage,
    string? LastReply,
    double MessagesPerSecond,
    IReadOnlyList<DeliveryRecord> Recent)
{
    public static DomainStatus Offline(string domain) =>
        new(domain, DeliveryState.Offline, "Offline: mail is being queued", null, null, TlsState.None, 0, 0, null, null, 0, []);
}
