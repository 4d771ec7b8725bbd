using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Auth;

/// <summary>Sender authentication at the door: SPF, DKIM, DMARC, ARC, blocklists ("DynamicMail:Auth").</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Auth";

    /// <summary>Run the checks at all (each domain can still turn them off with its own <c>AuthChecks</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Refuse (550 5.7.1) a message that fails DMARC of a sender domain publishing <c>p=reject</c>.</summary>
    public bool DmarcReject { get; set; } = true;

    /// <summary>DNS blocklist zones (e.g. <c>zen.spamhaus.org</c>); a listed client gets 554 5.7.1 at MAIL FROM.</summary>
    public List<string> Dnsbl { get; set; } = [];

    /// <summary>The Public Suffix List (Debian's <c>publicsuffix</c> package) for DMARC's organisational domains.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PublicSuffixList { get; set; } = "/usr/share/publicsuffix/public_suffix_list.dat";

    /// <summary>Selector of the ARC seal's key (<c>selector._domainkey.ArcDomain</c>).</summary>
    [RegularExpression(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", ErrorMessage = "ArcSelector must be one DNS label.")]
    public string ArcSelector { get; set; } = "dynamicmail";

    /// <summary>Domain of the ARC seal (<c>d=</c>); empty: <c>DynamicMail:Smtp:Hostname</c>.</summary>
    [RegularExpression(@"^[A-Za-z0-9.-]*$", ErrorMessage = "ArcDomain may hold letters, digits, '.' and '-'.")]
    public string? ArcDomain { get; set; }

    /// <summary>Seal each accepted message with DynamicMail's own ARC key.</summary>
    public bool ArcSeal { get; set; } = true;

    /// <summary>
    /// Make the seal in the background at the lowest CPU priority after the message is stored (default); off: every
    /// message is sealed when it is delivered. Either way the sender's 250 never waits for the two RSA signatures.
    /// </summary>
    public bool SealInBackground { get; set; } = true;

    /// <summary>
    /// Linux nice value of the background sealer's thread: 19 (default) uses only CPU nothing else wants, so under full
    /// load sealing waits for delivery; lower values give it a share of a busy machine.
    /// </summary>
    [Range(0, 19)]
    public int SealerNice { get; set; } = 19;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Dnsbl.Count; i++)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(Dnsbl[i], @"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?$"))
            {
                yield return new ValidationResult($"'{Dnsbl[i]}' is not a DNS zone.", [$"{nameof(Dnsbl)}:{i}"]);
            }
        }
    }
}
