using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DynamicMail.Web.Admin;

/// <summary>
/// Between the password and the code: a signed cookie naming the operator (with the security stamp it had) and
/// where to go after login, valid for <see cref="Lifetime"/>. It grants nothing by itself.
/// </summary>
internal sealed class PendingSecondFactor(IDataProtectionProvider provider, TimeProvider time)
{
    public const string CookieName = "dm.2fa";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ITimeLimitedDataProtector _protector =
        provider.CreateProtector("DynamicMail.PendingSecondFactor.v1").ToTimeLimitedDataProtector();

    public sealed record Pending(string Username, string Stamp, string ReturnUrl);

    public void Begin(HttpContext http, string username, string stamp, string returnUrl)
    {
        var value = _protector.Protect(string.Join('\n', username, stamp, returnUrl), time.GetUtcNow() + Lifetime);
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/admin",
            IsEssential = true,
        });
    }

    public Pending? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || value.Length == 0)
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(value, out _).Split('\n');
            return parts.Length == 3 ? new Pending(parts[0], parts[1], parts[2]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static void End(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/admin" });
}
