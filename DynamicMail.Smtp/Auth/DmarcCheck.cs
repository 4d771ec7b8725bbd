using ARSoft.Tools.Net.Dns;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// DMARC (RFC 7489): finds the policy of the From: domain (or its organisational domain), and passes the message when
/// SPF or a DKIM signature passed for a domain aligned with From: (strict: equal; relaxed: same organisational domain).
/// </summary>
internal sealed class DmarcCheck(CachingResolver dns, Func<PublicSuffixList> suffixes)
{
    public async Task<DmarcResult> CheckAsync(string? fromDomain, SpfResult spf, IReadOnlyList<DkimResult> dkim, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(fromDomain))
        {
            return new DmarcResult("none", null);
        }
        var psl = suffixes();
        var organizational = psl.OrganizationalDomain(fromDomain);
        var (record, temporary) = await FindAsync(fromDomain, cancellationToken).ConfigureAwait(false);
        var atOrganization = false;
        if (record is null && !temporary && !organizational.Equals(fromDomain, StringComparison.OrdinalIgnoreCase))
        {
            (record, temporary) = await FindAsync(organizational, cancellationToken).ConfigureAwait(false);
            atOrganization = true;
        }
        if (temporary)
        {
            return new DmarcResult("temperror", fromDomain);
        }
        if (record is null || !record.TryGetValue("p", out var p) || Policy(p) is null)
        {
            return new DmarcResult("none", fromDomain);
        }
        var policy = atOrganization && record.TryGetValue("sp", out var sp) && Policy(sp) is { } sub ? sub : Policy(p)!;
        var strictSpf = record.GetValueOrDefault("aspf")?.Equals("s", StringComparison.OrdinalIgnoreCase) == true;
        var strictDkim = record.GetValueOrDefault("adkim")?.Equals("s", StringComparison.OrdinalIgnoreCase) == true;
        var aligned = (spf.Passed && Aligned(spf.Domain, fromDomain, strictSpf, psl))
            || dkim.Any(d => d.Passed && Aligned(d.Domain, fromDomain, strictDkim, psl));
        return new DmarcResult(aligned ? "pass" : "fail", fromDomain, policy);
    }

    private static string? Policy(string value) => value.ToLowerInvariant() switch
    {
        "none" => "none",
        "quarantine" => "quarantine",
        "reject" => "reject",
        _ => null,
    };

    private static bool Aligned(string? domain, string from, bool strict, PublicSuffixList psl) =>
        domain is not null && (strict
            ? domain.Equals(from, StringComparison.OrdinalIgnoreCase)
            : psl.OrganizationalDomain(domain).Equals(psl.OrganizationalDomain(from), StringComparison.OrdinalIgnoreCase));

    /// <summary>The one DMARC record at <c>_dmarc.domain</c>; none when there are zero or several (RFC 7489 §6.6.3).</summary>
    private async Task<(Dictionary<string, string>? Record, bool Temporary)> FindAsync(string domain, CancellationToken cancellationToken)
    {
        var answer = await dns.QueryAsync("_dmarc." + domain, RecordType.Txt, cancellationToken).ConfigureAwait(false);
        if (!answer.IsDefinite)
        {
            return (null, true);
        }
        var records = answer.Texts.Where(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return (records.Count == 1 ? TagList.Parse(records[0]) : null, false);
    }
}
