using DynamicMail.Smtp.Domains;

namespace DynamicMail.Web.Api;

/// <summary>A domain as the API shows it (never its password hash nor its webhook secret).</summary>
public sealed record DomainView(
    string Name, string Slug, string Username, int DeliveryPort, string? DeliveryHost, string? TlsFingerprint,
    string? ContactEmail, string? Notes, bool HoldRejected, bool RequireTls, bool Disabled, DateTime CreatedAt, string CustomerPath,
    bool AuthChecks, TimeSpan? MaxLifetime = null, DomainHold? Hold = null, string? WebhookUrl = null)
{
    public static DomainView From(CustomerDomain d) => new(
        d.Name, d.Slug, d.Username, d.DeliveryPort, d.DeliveryHost, d.TlsFingerprint, d.ContactEmail, d.Notes, d.HoldRejected, d.RequireTls, d.Disabled, d.CreatedAt,
        "/mailserver/" + Uri.EscapeDataString(d.Slug), d.AuthChecks, d.MaxLifetime, d.Hold, d.WebhookUrl);
}
