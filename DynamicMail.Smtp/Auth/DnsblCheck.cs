using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// DNS blocklists (RFC 5782): the client is listed in a zone when <c>reversed-address.zone</c> has an A record in
/// 127.0.0.0/8 (127.255.255.0/24 are the lists' own error codes, not listings). A failed lookup never blocks.
/// </summary>
internal sealed class DnsblCheck(CachingResolver dns, IReadOnlyList<string> zones)
{
    /// <returns>The first zone (in configured order) that lists <paramref name="client"/>, or null.</returns>
    public async Task<string?> ListingZoneAsync(IPAddress client, CancellationToken cancellationToken)
    {
        if (zones.Count == 0)
        {
            return null;
        }
        var name = Reversed(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);
        var answers = await Task.WhenAll(zones.Select(z => dns.QueryAsync(name + "." + z.TrimEnd('.'), RecordType.A, cancellationToken)))
            .ConfigureAwait(false);
        for (var i = 0; i < zones.Count; i++)
        {
            if (answers[i].Records.OfType<ARecord>().Any(a => Listed(a.Address)))
            {
                return zones[i].TrimEnd('.');
            }
        }
        return null;
    }

    private static bool Listed(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b.Length == 4 && b[0] == 127 && !(b[1] == 255 && b[2] == 255);
    }

    private static string Reversed(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return string.Join('.', bytes.Reverse());
        }
        var nibbles = bytes.SelectMany(b => new[] { b >> 4, b & 0xF }).Reverse().Select(n => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        return string.Join('.', nibbles);
    }
}
