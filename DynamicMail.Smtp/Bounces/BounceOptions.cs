using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Bounces;

/// <summary>How DSNs leave DynamicMail ("DynamicMail:Bounces").</summary>
public sealed class BounceOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Bounces";

    /// <summary>Relay DSNs through this host; when empty they go straight to the sender domain's MX.</summary>
    public string? SmartHost { get; set; }

    [Range(1, 65535)]
    public int SmartHostPort { get; set; } = 25;

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Require TLS with the smart host (implicit TLS on port 465, STARTTLS otherwise) and check its certificate.</summary>
    public bool UseTls { get; set; }

    /// <summary>At most this many DSNs per sender domain per hour; the rest are counted, logged and dropped.</summary>
    [Range(0, 1_000_000)]
    public int MaxPerDomainPerHour { get; set; } = 100;

    /// <summary>A DSN that cannot be sent for this long is dropped and logged.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The most one DSN's whole conversation with one host may take (connect, greeting, transaction, QUIT).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(SmartHost))
        {
            yield return new ValidationResult("a username needs a SmartHost to log in to.", [nameof(Username)]);
        }
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("set both Username and Password, or neither.", [nameof(Password)]);
        }
    }
}
