namespace DynamicMail.Web.Metrics;

/// <summary>Who may read /metrics ("DynamicMail:Metrics").</summary>
public sealed class MetricsOptions
{
    public const string Section = "DynamicMail:Metrics";

    /// <summary>Loopback and the private ranges: used while <see cref="AllowedNetworks"/> is empty.</summary>
    public static readonly IReadOnlyList<string> DefaultNetworks =
        ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

    /// <summary>CIDR networks whose clients may read /metrics; when set, they replace the defaults.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
