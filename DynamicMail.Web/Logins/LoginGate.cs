namespace DynamicMail.Web.Logins;

/// <summary>
/// What every login step (customer password, operator password, operator code) passes before a secret is checked:
/// the per-address throttle, then the per-account one (for a password, unless this browser is known to the account).
/// </summary>
internal sealed class LoginGate(LoginThrottle addresses, AccountThrottle accounts, KnownDevices devices)
{
    /// <summary>Refused before any check: too many failures from this address.</summary>
    public const int AddressBlocked = 2;

    /// <summary>Refused before any check: too many failures for this account.</summary>
    public const int AccountLocked = 3;

    /// <summary>Counts an attempt for <paramref name="account"/>; null when the secret may be checked, else the refusal.</summary>
    public int? TryBegin(HttpContext http, string account)
    {
        if (!addresses.TryBegin(http.Connection.RemoteIpAddress))
        {
            return AddressBlocked;
        }
        return devices.IsKnown(http, account) || accounts.TryBegin(account) ? null : AccountLocked;
    }

    /// <summary>
    /// Counts a second-factor attempt, throttled as <paramref name="throttleKey"/>; a known browser is no exception
    /// here (the code is what stands between a stolen password and the console).
    /// </summary>
    public int? TryBeginCode(HttpContext http, string throttleKey)
    {
        if (!addresses.TryBegin(http.Connection.RemoteIpAddress))
        {
            return AddressBlocked;
        }
        return accounts.TryBegin(throttleKey) ? null : AccountLocked;
    }

    /// <summary>The code was right: the attempt is no failure, and the browser becomes known to <paramref name="account"/>.</summary>
    public void CodeSucceeded(HttpContext http, string account, string throttleKey)
    {
        addresses.Succeeded(http.Connection.RemoteIpAddress);
        accounts.Succeeded(throttleKey);
        devices.Remember(http, account);
    }

    /// <summary>The secret was right: the attempt is no failure; with <paramref name="loggedIn"/> the browser becomes known.</summary>
    public void Succeeded(HttpContext http, string account, bool loggedIn = true)
    {
        addresses.Succeeded(http.Connection.RemoteIpAddress);
        if (!devices.IsKnown(http, account))
        {
            accounts.Succeeded(account);
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
