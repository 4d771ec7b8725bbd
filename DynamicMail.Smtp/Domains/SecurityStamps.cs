using System.Security.Cryptography;

namespace DynamicMail.Smtp.Domains;

/// <summary>Random values that sessions are bound to: an account's identity and its security stamp.</summary>
public static class SecurityStamps
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The identity of a domain stored before identities existed: fixed by its creation time.</summary>
    internal static string IdentityOf(CustomerDomain domain) =>
        domain.Identity.Length > 0 ? domain.Identity : $"created-{domain.CreatedAt.Ticks}";

    /// <summary>Whether two stamps are equal, in constant time.</summary>
    public static bool Same(string? presented, string current) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(presented), System.Text.Encoding.ASCII.GetBytes(current));
}
