using System.Net;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Odmr;

/// <summary>
/// Failed logins from one address, and for one account, are limited; the web login and ODMR share the same
/// counts (an attempt is counted before the secret is checked, and given back when it was right).
/// </summary>
public interface IAuthThrottle
{
    /// <summary>Counts an attempt; false when this address or this account may not try now.</summary>
    bool TryBegin(IPAddress address, string? account);

    /// <summary>The secret was right: the attempt is no failure.</summary>
    void Succeeded(IPAddress address, string? account);

    /// <summary>The throttle key of a customer login (the web form and ODMR use the same one).</summary>
    static string CustomerAccount(CustomerDomain? domain, string slugOrName, string username) =>
        $"customer:{domain?.Identity ?? "?" + slugOrName.ToLowerInvariant()}:{username}";
}

/// <summary>No limit: the engine alone (tests, tools); the web host provides the real one.</summary>
internal sealed class NoAuthThrottle : IAuthThrottle
{
    public bool TryBegin(IPAddress address, string? account) => true;

    public void Succeeded(IPAddress address, string? account)
    {
    }
}
