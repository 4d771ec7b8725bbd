using DynamicMail.Smtp.Domains;

namespace DynamicMail.Web.Api;

/// <summary>
/// A domain's hold as the API shows it: held or not, why, until when, by whom, and when the oldest queued message
/// would be returned to its sender (its arrival plus the domain's retention).
/// </summary>
public sealed record HoldView(string Domain, bool Held, string? Reason, DateTime? Until, string? By, DateTime? SetAt, DateTime? OldestReturnedAt)
{
    public static HoldView From(CustomerDomain d, DateTime now, DateTime? oldestReturnedAt) => DomainHold.Active(d, now) is { } h
        ? new(d.Name, true, h.Reason, h.Until, h.By, h.SetAt, oldestReturnedAt)
        : new(d.Name, false, null, null, null, null, oldestReturnedAt);
}
