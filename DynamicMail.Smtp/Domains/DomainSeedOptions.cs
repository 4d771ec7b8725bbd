using System.ComponentModel.DataAnnotations;
using DynamicMail.Smtp.Recipients;

namespace DynamicMail.Smtp.Domains;

/// <summary>Domains to create at start-up if they do not exist yet ("DynamicMail:Domains").</summary>
public sealed class DomainSeedOptions
{
    public const string Section = "DynamicMail";

    public List<DomainSeed> Domains { get; set; } = [];
}

public sealed class DomainSeed : IValidatableObject
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

    /// <summary>How long this domain's mail waits before it is returned (1 to 30 days); empty: <c>Queue:MaxLifetime</c>.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "30.00:00:00", ErrorMessage = "MaxLifetime must be between 1 and 30 days (1.00:00:00 to 30.00:00:00).")]
    public TimeSpan? MaxLifetime { get; set; }

    [RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = "ContactEmail must be an e-mail address such as ops@example.com.")]
    public string? ContactEmail { get; set; }

    /// <summary>Where alerts are POSTed; checked like the console's field (a refused URL is logged and left out).</summary>
    [MaxLength(2000)]
    public string? WebhookUrl { get; set; }

    /// <summary>The valid recipients (<c>name@domain</c> or <c>*@domain</c>); empty accepts every local part.</summary>
    public List<string> Recipients { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var domain = Name.Trim().TrimEnd('.').ToLowerInvariant();
        for (var i = 0; i < Recipients.Count; i++)
        {
            if (RecipientEntries.Normalize(Recipients[i], domain).Error is { } error)
            {
                yield return new ValidationResult(error, [$"{nameof(Recipients)}:{i}"]);
            }
        }
        if (Recipients.Count > RecipientEntries.MaxEntries)
        {
            yield return new ValidationResult($"At most {RecipientEntries.MaxEntries} entries.", [nameof(Recipients)]);
        }
    }
}
