using ARSoft.Tools.Net.Dns;
using DynamicMail.Smtp.Auth;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// MX lookup through the engine's one resolver (<c>DynamicMail:Dns:Servers</c>): exchanges by preference; no MX record
/// means the domain itself (implicit MX, A/AAAA); a null MX (RFC 7505) or a domain that does not exist means mail
/// cannot be delivered.
/// </summary>
internal sealed class DnsMxResolver(CachingResolver dns) : IMxResolver
{
    /// <summary>Uses the given name servers (tests point it at their own).</summary>
    public DnsMxResolver(params System.Net.IPEndPoint[] nameServers)
        : this(new CachingResolver(new DnsOptions { Servers = nameServers.Select(s => s.ToString()).ToList() }, TimeProvider.System)) { }

    public async Task<MxRoute> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        var answer = await dns.QueryAsync(domain, RecordType.Mx, cancellationToken).ConfigureAwait(false);
        if (answer.Code == ReturnCode.NxDomain)
        {
            return new MxRoute([], $"The domain {domain} does not exist", Permanent: true);
        }
        if (!answer.IsDefinite)
        {
            return new MxRoute([], $"DNS lookup of {domain} failed: {answer.Code}");
        }
        return Route(domain, answer.Records.OfType<MxRecord>().Select(mx => (mx.Preference, mx.ExchangeDomainName.ToString().TrimEnd('.'))).ToList());
    }

    /// <summary>Orders exchanges by preference; empty means the domain itself.</summary>
    public static MxRoute Route(string domain, IReadOnlyList<(ushort Preference, string Exchange)> records)
    {
        if (records.Count == 0)
        {
            return new MxRoute([domain]);
        }
        if (records.Count == 1 && records[0].Exchange.Length == 0)
        {
            return new MxRoute([], $"The domain {domain} accepts no mail (null MX)", Permanent: true);
        }
        return new MxRoute(records.Where(r => r.Exchange.Length > 0).OrderBy(r => r.Preference).Select(r => r.Exchange).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }
}
