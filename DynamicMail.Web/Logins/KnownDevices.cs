using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DynamicMail.Web.Logins;

/// <summary>
/// The "known device" cookie (OWASP's device cookies): a signed list of the accounts this browser has logged in to,
/// valid for <see cref="Lifetime"/>. It only lets the browser past the per-account throttle; it never logs anyone in.
/// </summary>
internal sealed class KnownDevices(IDataProtectionProvider provider, TimeProvider time)
{
    public const string CookieName = "dm.device";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private const int MaxAccounts = 10;
    private readonly ITimeLimitedDataProtector _protector =
        provider.CreateProtector("DynamicMail.KnownDevice.v1").ToTimeLimitedDataProtector();

    public bool IsKnown(HttpContext http, string account) => Accounts(http).Contains(account, StringComparer.Ordinal);

    public void Remember(HttpContext http, string account)
    {
        var accounts = Accounts(http).Where(a => a != account).Prepend(account).Take(MaxAccounts);
        var expires = time.GetUtcNow() + Lifetime;
        http.Response.Cookies.Append(CookieName, _protector.Protect(string.Join('\n', accounts), expires), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
            IsEssential = true,
        });
    }

    private string[] Accounts(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || value.Length == 0)
        {
            return [];
        }
        try
        {
            return _protector.Unprotect(value, out _).Split('\n');
        }
        catch (CryptographicException)
        {
            return [];
        }
    }
}
