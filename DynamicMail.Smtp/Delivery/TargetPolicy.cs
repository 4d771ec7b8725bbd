using System.Net;
using System.Net.Sockets;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Where a present domain's mail goes: the browser's IP at the domain's port, unless a host is pinned.</summary>
public sealed record DeliveryTarget(string Host, int Port)
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
            return (new DeliveryTarget(domain.DeliveryHost, domain.DeliveryPort), null);
        }
        var address = browser.IsIPv4MappedToIPv6 ? browser.MapToIPv4() : browser;
        if (!allowPrivate && IsPrivate(address))
        {
            return (null, $"Your browser connects from {address}, a private or local address that cannot receive mail from the internet. Ask your provider to set a delivery host for your domain.");
        }
        return (new DeliveryTarget(address.ToString(), domain.DeliveryPort), null);
    }

    /// <summary>Loopback, RFC 1918, link-local, CGNAT (100.64/10), unspecified, IPv6 ULA and site-local.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }
        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] == 0;
    }
}
