using System.Net;
using System.Text.RegularExpressions;

namespace DynamicMail.Smtp.Domains;

/// <summary>The checks and messages shared by the console form and the HTTP API; keys are <see cref="DomainInput"/> property names.</summary>
public static partial class DomainValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SlugSyntax();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailSyntax();

    public static string NormalizeName(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    public static string EffectiveSlug(DomainInput input) =>
        string.IsNullOrWhiteSpace(input.Slug) ? NormalizeName(input.Name).Split('.')[0] : input.Slug.Trim().ToLowerInvariant();

    /// <summary>Errors by field; empty when the input may be stored. <paramref name="creating"/> checks the name and requires a password.</summary>
    public static Dictionary<string, string[]> Validate(DomainInput input, bool creating, IDomainDirectory directory)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        var name = NormalizeName(input.Name);
        if (creating)
        {
            if (!DomainNames.IsValid(name))
            {
                Add(nameof(input.Name), "Enter a domain name such as example.com.");
            }
            else if (directory.FindByName(name) is not null)
            {
                Add(nameof(input.Name), $"A domain named {name} already exists.");
            }
        }
        var slug = EffectiveSlug(input);
        if (!SlugSyntax().IsMatch(slug))
        {
            Add(nameof(input.Slug), "The slug may hold lower-case letters, digits and '-' (up to 63, starting with a letter or digit).");
        }
        else if (directory.FindBySlugOrName(slug) is { } owner && !string.Equals(owner.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            Add(nameof(input.Slug), $"The slug {slug} is already used by {owner.Name}.");
        }
        if (string.IsNullOrWhiteSpace(input.Username))
        {
            Add(nameof(input.Username), "Enter the customer's username.");
        }
        if ((creating || !string.IsNullOrEmpty(input.Password)) && (input.Password?.Length ?? 0) < 8)
        {
            Add(nameof(input.Password), "The password must have at least 8 characters.");
        }
        if (input.DeliveryPort is < 1 or > 65535)
        {
            Add(nameof(input.DeliveryPort), "The delivery port must be between 1 and 65535.");
        }
        if (!string.IsNullOrWhiteSpace(input.DeliveryHost) && !IPAddress.TryParse(input.DeliveryHost.Trim(), out _) && !DomainNames.IsValid(input.DeliveryHost.Trim()))
        {
            Add(nameof(input.DeliveryHost), "The delivery host must be a host name or an IP address.");
        }
        if (!string.IsNullOrWhiteSpace(input.TlsFingerprint) && !Sha256Hex().IsMatch(input.TlsFingerprint.Trim().Replace(":", "", StringComparison.Ordinal)))
        {
            Add(nameof(input.TlsFingerprint), "The TLS fingerprint must be a SHA-256 in hex (64 digits, colons allowed).");
        }
        if (!string.IsNullOrWhiteSpace(input.ServerName) && !DomainNames.IsValid(input.ServerName.Trim()))
        {
            Add(nameof(input.ServerName), "The server name must be a host name such as mail.example.com.");
        }
        if (!string.IsNullOrWhiteSpace(input.ContactEmail) && !EmailSyntax().IsMatch(input.ContactEmail.Trim()))
        {
            Add(nameof(input.ContactEmail), "Enter a contact e-mail address such as ops@example.com.");
        }
        if (RetentionError(input.MaxLifetime) is { } retention)
        {
            Add(nameof(input.MaxLifetime), retention);
        }
        return errors;
    }

    public static readonly TimeSpan MinRetention = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(30);

    /// <summary>Why a per-domain retention cannot be used, or null (also for none: the global one applies).</summary>
    public static string? RetentionError(TimeSpan? maxLifetime) =>
        maxLifetime is { } t && (t < MinRetention || t > MaxRetention)
            ? "The retention (MaxLifetime) must be between 1 and 30 days, or empty for the service's default."
            : null;
}
