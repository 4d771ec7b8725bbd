using System.Collections.Concurrent;
using OtpNet;

namespace DynamicMail.Web.Logins;

/// <summary>
/// RFC 6238 codes (30-second steps, 6 digits, SHA-1: what authenticator apps use), read against the injected clock,
/// one step of network delay either way. A code that logged someone in cannot log in again.
/// </summary>
internal sealed class TotpVerifier(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _lastStep = new(StringComparer.Ordinal);

    /// <summary>A new random key (160 bits), Base32 as authenticator apps take it.</summary>
    public static string NewKey() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The otpauth URI an authenticator app reads from a QR code.</summary>
    public static string UriFor(string username, string key) =>
        $"otpauth://totp/DynamicMail:{Uri.EscapeDataString(username)}?secret={key}&issuer=DynamicMail";

    /// <summary>Whether <paramref name="code"/> is current for <paramref name="key"/> (enrolment: nothing is remembered).</summary>
    public bool Matches(string key, string code) => Verify(key, code, out _);

    /// <summary>A login code: current, and not the one (or older than the one) that last logged <paramref name="username"/> in.</summary>
    public bool TryLogin(string username, string key, string code)
    {
        if (!Verify(key, code, out var step))
        {
            return false;
        }
        var accepted = false;
        _lastStep.AddOrUpdate(username, _ => { accepted = true; return step; }, (_, last) =>
        {
            accepted = step > last;
            return Math.Max(step, last);
        });
        return accepted;
    }

    private bool Verify(string key, string code, out long step)
    {
        step = 0;
        code = code.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out step, VerificationWindow.RfcSpecifiedNetworkDelay);
    }
}
