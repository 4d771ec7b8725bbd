using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Spf;

namespace DynamicMail.Smtp.Auth;

/// <summary>SPF (RFC 7208) with ARSoft.Tools.Net's validator, on MAIL FROM, or on the HELO name when the sender is &lt;&gt;.</summary>
internal sealed class SpfCheck(CachingResolver dns, string localHostname)
{
    /// <param name="sender">The envelope sender, "" for the null sender.</param>
    public async Task<SpfResult> CheckAsync(IPAddress client, string? helo, string sender, CancellationToken cancellationToken)
    {
        var identity = sender.Length > 0 ? "mailfrom" : "helo";
        var checkedValue = sender.Length > 0 ? sender : helo;
        var domainText = sender.Length > 0 ? sender[(sender.LastIndexOf('@') + 1)..] : helo;
        if (string.IsNullOrEmpty(domainText) || domainText.StartsWith('[') || !DomainName.TryParse(domainText, out var domain) || domain is null
            || !domainText.Contains('.', StringComparison.Ordinal))
        {
            return SpfResult.None(identity, checkedValue);
        }
        var validator = new SpfValidator
        {
            DnsResolver = dns,
            LocalDomain = DomainName.TryParse(localHostname, out var local) ? local : null,
            HeloDomain = helo is not null && DomainName.TryParse(helo, out var h) ? h : null,
            LocalIP = null,
        };
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        var result = await validator.CheckHostAsync(address, domain, sender.Length > 0 ? sender : "postmaster@" + domainText, false, cancellationToken)
            .ConfigureAwait(false);
        return new SpfResult(Name(result.Result), domainText.ToLowerInvariant(), identity, checkedValue);
    }

    private static string Name(SpfQualifier q) => q switch
    {
        SpfQualifier.Pass => "pass",
        SpfQualifier.Fail => "fail",
        SpfQualifier.SoftFail => "softfail",
        SpfQualifier.Neutral => "neutral",
        SpfQualifier.TempError => "temperror",
        SpfQualifier.PermError => "permerror",
        _ => "none",
    };
}
