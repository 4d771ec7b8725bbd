namespace DynamicMail.Web.Logins;

/// <summary>
/// What every login step (customer password, operator password, operator code) passes before a secret is checked:
/// the per-address throttle, then the per-account one unless this browser is known to the account.
/// </summary>
internal sealed class LoginGate(LoginThrottle addresses, AccountThrottle accounts, KnownDevices devices)
{
    /// <summary>Refused before any check: too many failures from this address.</summary>
    public const int AddressBlocked = 2;

    /// <summary>Refused before any check: too many failures for this account.</summary>
    public const int AccountLocked = 3;

    /// <summary>
    /// Counts an attempt for <paramref name="account"/> (throttled as <paramref name="throttleKey"/>, by default the
    /// account); null when the secret may be checked, else the refusal.
    /// </summary>
    public int? TryBegin(HttpContext http, string account, string? throttleKey = null)
    {
        if (!addresses.TryBegin(http.Connection.RemoteIpAddress))
        {
            return AddressBlocked;
        }
        return devices.IsKnown(http, account) || accounts.TryBegin(throttleKey ?? account) ? null : AccountLocked;
    }

    /// <summary>The secret was right: the attempt is no failure; with <paramref name="loggedIn"/> the browser becomes known.</summary>
    public void Succeeded(HttpContext http, string account, string? throttleKey = null, bool loggedIn = true)
    {
        addresses.Succeeded(http.Connection.RemoteIpAddress);
        if (!devices.IsKnown(http, account))
        {
            accounts.Succeeded(throttleKey ?? account);
        }
        if (loggedIn)
        {
            devices.Remember(http, account);
        }
    }

    /// <summary>The page's message for a refusal code, or <paramref name="badLogin"/> for a wrong secret.</summary>
    public static string Message(int? error, string badLogin) => error switch
    {
        AddressBlocked => LoginThrottle.Message,
        AccountLocked => AccountThrottle.Message,
        _ => badLogin,
    };
}
