namespace DynamicMail.Smtp.Domains;

/// <summary>A provisioned customer domain and its single login.</summary>
public sealed class CustomerDomain
{
    /// <summary>The domain name, lower case; also the document id.</summary>
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Username { get; set; } = "";
    public string PasswordHash { get; set; } = "";

    /// <summary>The password encrypted for ODMR's CRAM-MD5 (see <see cref="ISecretProtector"/>); never shown or logged.</summary>
    public string? OdmrSecret { get; set; }
    public int DeliveryPort { get; set; } = 25;
    public string? DeliveryHost { get; set; }
    public string? TlsFingerprint { get; set; }

    /// <summary>When set, the customer's server must call itself this in its greeting and EHLO reply, or delivery pauses.</summary>
    public string? ServerName { get; set; }
    public bool HoldRejected { get; set; }

    /// <summary>Never deliver to the customer's server in clear: without STARTTLS there, delivery pauses.</summary>
    public bool RequireTls { get; set; }
    public bool Disabled { get; set; }

    /// <summary>Check SPF, DKIM, DMARC and ARC of mail for this domain at the door (and seal it); on unless turned off.</summary>
    public bool AuthChecks { get; set; } = true;

    /// <summary>How long this domain's mail waits before it is returned (1 to 30 days); null: the global <c>Queue:MaxLifetime</c>.</summary>
    public TimeSpan? MaxLifetime { get; set; }

    /// <summary>Delivery paused by an operator or the customer until a date (see <see cref="DomainHold.Active"/>); kept by edits.</summary>
    public DomainHold? Hold { get; set; }
    public string? ContactEmail { get; set; }

    /// <summary>Alerts (issue #18) are also POSTed here as JSON, signed with <see cref="WebhookSecret"/>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key of the webhook signature: generated, shown in the console, never logged.</summary>
    public string? WebhookSecret { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>This domain's identity: new whenever the domain is created, so a deleted and recreated domain is another one.</summary>
    public string Identity { get; set; } = "";

    /// <summary>Changes with the password, the username, disabling and "log out everywhere": sessions carry it.</summary>
    public string SecurityStamp { get; set; } = "";
}
