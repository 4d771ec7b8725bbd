using System.Net;
using System.Security.Cryptography;
using DynamicMail.Smtp.Delivery;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// Which webhook URLs a domain may have: absolute http or https, no credentials, and, unless
/// <see cref="AlertOptions.AllowPrivateWebhooks"/>, no loopback, private or link-local target, so a customer cannot make
/// the service probe the internal network. Names are checked again on every connection (<see cref="WebhookConnector"/>).
/// </summary>
internal sealed class WebhookUrlCheck(IOptions<AlertOptions> options)
{
    public const int MaxLength = 2000;

    public bool AllowPrivate => options.Value.AllowPrivateWebhooks;

    /// <summary>Why the URL is refused, or null when it may be stored (an empty URL means "no webhook").</summary>
    public string? Check(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        url = url.Trim();
        if (url.Length > MaxLength)
        {
            return $"The webhook URL may have at most {MaxLength} characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            return "The webhook URL must start with https:// (or http://) and name a host.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "The webhook URL may not carry a user name or password; the signature header proves the sender.";
        }
        if (!AllowPrivate && IsInternal(uri))
        {
            return "The webhook URL must point to a public address, not to a loopback, private or local one.";
        }
        return null;
    }

    /// <summary>A new random signing key (256 bits, hex).</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static bool IsInternal(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return TargetPolicy.IsPrivate(address);
        }
        return !host.Contains('.', StringComparison.Ordinal)
            || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase);
    }
}
