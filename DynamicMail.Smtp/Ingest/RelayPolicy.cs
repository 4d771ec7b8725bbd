using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Ingest;

public enum RcptVerdict
{
    Accept,
    RelayDenied,
    DomainDisabled,
}

/// <summary>
/// Never an open relay: a recipient is accepted only when its final mailbox is in a provisioned, enabled domain,
/// or is the postmaster of this host (RFC 5321 §4.5.1). Source routes were already dropped by the parser (§3.6.1).
/// </summary>
public static class RelayPolicy
{
    public static (RcptVerdict Verdict, string? Domain) Evaluate(string user, string host, string hostname, IDomainDirectory domains)
    {
        if (user.AsSpan().IndexOfAny('%', '!', '@') >= 0 || host.Length == 0 || host.StartsWith('['))
        {
            return (RcptVerdict.RelayDenied, null);
        }
        if (user.Equals("postmaster", StringComparison.OrdinalIgnoreCase) && host.Equals(hostname, StringComparison.OrdinalIgnoreCase))
        {
            return (RcptVerdict.Accept, hostname.ToLowerInvariant());
        }
        var domain = domains.FindByName(host);
        return domain switch
        {
            null => (RcptVerdict.RelayDenied, null),
            { Disabled: true } => (RcptVerdict.DomainDisabled, null),
            _ => (RcptVerdict.Accept, domain.Name),
        };
    }
}
