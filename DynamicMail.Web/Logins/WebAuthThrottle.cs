using System.Net;
using DynamicMail.Smtp.Odmr;

namespace DynamicMail.Web.Logins;

/// <summary>The engine's view of the web login throttles, so ODMR's AUTH counts toward the same limits.</summary>
internal sealed class WebAuthThrottle(LoginThrottle addresses, AccountThrottle accounts) : IAuthThrottle
{
    public bool TryBegin(IPAddress address, string? account) =>
        addresses.TryBegin(address) && (account is null || accounts.TryBegin(account));

    public void Succeeded(IPAddress address, string? account)
    {
        addresses.Succeeded(address);
        if (account is not null)
        {
            accounts.Succeeded(account);
        }
    }
}
