using System.Net;

namespace DynamicMail.Web.Metrics;

/// <summary>The networks allowed to read /metrics, parsed once at start-up (a bad entry stops it, naming the key).</summary>
internal sealed class MetricsAccess
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    private MetricsAccess(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    public static MetricsAccess From(MetricsOptions options)
    {
        var configured = options.AllowedNetworks.Count > 0;
        var entries = configured ? options.AllowedNetworks : MetricsOptions.DefaultNetworks;
        var networks = entries.Select((value, i) => IPNetwork.TryParse(value?.Trim() ?? "", out var network)
            ? network
            : throw new InvalidOperationException($"{MetricsOptions.Section}:AllowedNetworks:{i}: '{value}' is not a CIDR network (e.g. 10.0.0.0/8).")).ToList();
        return new MetricsAccess(networks);
    }

    /// <summary>Whether a client at <paramref name="address"/> (after forwarded headers) may read metrics.</summary>
    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return _networks.Any(n => n.Contains(address));
    }
}
