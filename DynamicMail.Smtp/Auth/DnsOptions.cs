using System.ComponentModel.DataAnnotations;
using System.Net;

namespace DynamicMail.Smtp.Auth;

/// <summary>The one resolver setting every DNS lookup goes through: sender checks and DSN routing ("DynamicMail:Dns").</summary>
public sealed class DnsOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Dns";

    /// <summary>Name servers as <c>address</c> or <c>address:port</c> (<c>[v6]:port</c>); empty: the system's resolvers.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>How long one query may take before the next server is asked (or the lookup is a temporary error).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The configured servers; empty means the system's.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints() =>
        Servers.Select(s => IPEndPoint.TryParse(s.Trim(), out var ep) ? WithDefaultPort(ep, s) : null).OfType<IPEndPoint>().ToList();

    private static IPEndPoint WithDefaultPort(IPEndPoint ep, string text) =>
        ep.Port == 0 && !text.TrimEnd().EndsWith(":0", StringComparison.Ordinal) ? new IPEndPoint(ep.Address, 53) : ep;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Servers.Count; i++)
        {
            if (!IPEndPoint.TryParse(Servers[i].Trim(), out var ep) || (ep.Port == 0 && Servers[i].Trim().EndsWith(":0", StringComparison.Ordinal)))
            {
                yield return new ValidationResult(
                    $"'{Servers[i]}' is not a name server address (an IP address, optionally with :port; IPv6 as [addr]:port).",
                    [$"{nameof(Servers)}:{i}"]);
            }
        }
    }
}
