using DynamicMail.Smtp.Delivery;

namespace DynamicMail.Web.Admin;

/// <summary>One domain as the dashboard's table shows it.</summary>
public sealed record DomainRow(
    string Name,
    bool Disabled,
    bool Online,
    DateTime? Since,
    string? Address,
    string Target,
    int Queued,
    long Bytes,
    DateTime? Oldest,
    DeliveryState State,
    string StatusText,
    string? LastReply,
    DateTime? LastConnected)
{
    public bool Paused => State is DeliveryState.Paused or DeliveryState.NotAnswering or DeliveryState.TargetRefused;
}
