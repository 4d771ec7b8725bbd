namespace DynamicMail.Smtp.Domains;

/// <summary>What an operator types to create or edit a domain (console form and HTTP API alike).</summary>
public sealed class DomainInput
{
    public string Name { get; set; } = "";
    public string? Slug { get; set; }
    public string Username { get; set; } = "";

    /// <summary>Required when creating; when editing, empty keeps the current password.</summary>
    public string? Password { get; set; }
    public int DeliveryPort { get; set; } = 25;
    public string? DeliveryHost { get; set; }
    public string? TlsFingerprint { get; set; }
    public string? ServerName { get; set; }
    public string? ContactEmail { get; set; }

    /// <summary>Where alerts are POSTed (http or https); empty: no webhook.</summary>
    public string? WebhookUrl { get; set; }
    public string? Notes { get; set; }
    public bool HoldRejected { get; set; }
    public bool RequireTls { get; set; }
    public bool Disabled { get; set; }

    /// <summary>Sender authentication at the door (SPF, DKIM, DMARC, ARC) for this domain's mail.</summary>
    public bool AuthChecks { get; set; } = true;

    /// <summary>This domain's retention, 1 to 30 days; null or empty: the global one.</summary>
    public TimeSpan? MaxLifetime { get; set; }

    public static DomainInput From(CustomerDomain d) => new()
    {
        Name = d.Name,
        Slug = d.Slug,
        Username = d.Username,
        DeliveryPort = d.DeliveryPort,
        DeliveryHost = d.DeliveryHost,
        TlsFingerprint = d.TlsFingerprint,
        ServerName = d.ServerName,
        ContactEmail = d.ContactEmail,
        WebhookUrl = d.WebhookUrl,
        Notes = d.Notes,
        HoldRejected = d.HoldRejected,
        RequireTls = d.RequireTls,
        Disabled = d.Disabled,
        AuthChecks = d.AuthChecks,
        MaxLifetime = d.MaxLifetime,
    };
}
