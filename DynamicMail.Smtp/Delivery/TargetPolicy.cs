using System.Net;
using System.Net.Sockets;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Where a present domain's mail goes: the browser's IP at the domain's port, unless a host is pinned.</summary>
/// <summary>Where to deliver; with <paramref name="RequireTls"/> nothing is sent unless STARTTLS succeeds.</summary>
public sealed record DeliveryTarget(string Host, int Port, bool RequireTls = false)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

public static class TargetPolicy
{
    /// <summary>The target, or null with a reason the customer can read.</summary>
    public static (DeliveryTarget? Target, string? Refusal) Resolve(CustomerDomain domain, IPAddress browser, bool allowPrivate)
    {
        if (!string.IsNullOrWhiteSpace(domain.DeliveryHost))
        {
            return (new DeliveryTarget(domain.DeliveryHost, domain.DeliveryPort, domain.RequireTls), null);
        }
        var address = browser.IsIPv4MappedToIPv6 ? browser.MapToIPv4() : browser;
        if (!allowPrivate && IsPrivate(address))
        {
            return (null, $"Your browser connects from {address}, a private or local address that cannot receive mail from the internet. Ask your provider to set a delivery host for your domain.");
        }
        return (new DeliveryTarget(address.ToString(), domain.DeliveryPort, domain.RequireTls), null);
    }

    /// <summary>
    /// Not a public unicast address: loopback, RFC 1918, link-local, CGNAT (100.64/10), "this network", multicast,
    /// reserved (240/4) and broadcast; IPv6 unspecified, ULA, site- and link-local, multicast, discard (100::/64);
    /// and an IPv4 address embedded in IPv6 (mapped, compatible, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4
    /// 2002::/16, Teredo 2001::/32) is judged by the IPv4 address it carries.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IsPrivateV6(address);
        }
        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] == 0
            || b[0] == 127
            || b[0] >= 224; // multicast 224/4, reserved 240/4, broadcast
    }

    private static bool IsPrivateV6(IPAddress address)
    {
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
        {
            return true;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPrivate(address.MapToIPv4());
        }
        var b = address.GetAddressBytes();
        if (Zero(b, 0, 12))
        {
            return IsPrivate(new IPAddress(b[12..16])); // IPv4-compatible ::a.b.c.d (deprecated)
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            // NAT64: the well-known prefix carries the IPv4 address in its last 32 bits; 64:ff9b:1::/48 is local use.
            return b[4] == 0 && b[5] == 1 || IsPrivate(new IPAddress(b[12..16]));
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPrivate(new IPAddress(b[2..6])); // 6to4
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            return IsPrivate(new IPAddress(b[12..16].Select(x => (byte)~x).ToArray())); // Teredo client, obfuscated
        }
        return b[0] == 0x01 && Zero(b, 1, 7); // 100::/64 discard-only
    }

    private static bool Zero(byte[] b, int from, int count) => b.AsSpan(from, count).IndexOfAnyExcept((byte)0) < 0;
}
