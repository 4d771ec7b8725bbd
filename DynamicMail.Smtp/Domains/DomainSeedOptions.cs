using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Domains;

/// <summary>Domains to create at start-up if they do not exist yet ("DynamicMail:Domains").</summary>
public sealed class DomainSeedOptions
{
    public const string Section = "DynamicMail";

    public List<DomainSeed> Domains { get; set; } = [];
}

public sealed class DomainSeed
{
    [Required(AllowEmptyStrings = false)]
    [RegularExpression(DomainNames.Pattern, ErrorMessage = "Name must be a domain name such as example.com.")]
    public string Name { get; set; } = "";

    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "Slug may hold lower-case letters, digits and '-'.")]
    public string? Slug { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Username { get; set; } = "";

    [Required(AllowEmptyStrings = false)]
    [MinLength(8, ErrorMessage = "Password must have at least 8 characters.")]
    public string Password { get; set; } = "";

    [Range(1, 65535)]
    public int DeliveryPort { get; set; } = 25;

    public string? DeliveryHost { get; set; }

    /// <summary>Keep recipients the customer's server refuses for the operator instead of returning them.</summary>
    public bool HoldRejected { get; set; }
    public bool RequireTls { get; set; }

    /// <summary>Sender authentication at the door for this domain (on by default).</summary>
    public bool AuthChecks { get; set; } = true;
}
