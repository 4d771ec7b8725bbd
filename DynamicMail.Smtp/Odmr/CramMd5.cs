using System.Security.Cryptography;
using System.Text;

namespace DynamicMail.Smtp.Odmr;

/// <summary>CRAM-MD5 (RFC 2195), the mechanism RFC 2645 §5.1.2 requires of every ODMR server.</summary>
internal static class CramMd5
{
    public static string Challenge(string hostname) =>
        $"<{RandomNumberGenerator.GetInt32(int.MaxValue)}.{Environment.TickCount64}@{hostname}>";

    /// <summary>Splits a decoded response "user digest"; false when it is not of that form.</summary>
    public static bool TryParse(string response, out string user, out string digest)
    {
        var space = response.LastIndexOf(' ');
        user = space > 0 ? response[..space] : "";
        digest = space > 0 ? response[(space + 1)..] : "";
        return space > 0 && digest.Length == 32;
    }

    /// <summary>Whether <paramref name="digest"/> is HMAC-MD5(secret, challenge) in hex, compared in fixed time.</summary>
    public static bool Verify(string challenge, string secret, string digest)
    {
#pragma warning disable CA5351 // MD5 is what CRAM-MD5 is; RFC 2645 makes it mandatory
        var expected = Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(challenge)));
#pragma warning restore CA5351
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(digest.ToLowerInvariant()));
    }
}
