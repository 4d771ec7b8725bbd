using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Bounces;

/// <summary>Sends one outbound message from the null sender to one host.</summary>
public interface IDsnTransport
{
    Task<SendResult> SendAsync(string host, int port, bool smartHost, OutboundMessage message, CancellationToken cancellationToken);
}

public enum SendStatus
{
    Sent,
    TryLater,
    Refused,
}

public sealed record SendResult(SendStatus Status, string Reply);
