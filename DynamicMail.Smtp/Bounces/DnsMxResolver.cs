using DnsClient;
using DnsClient.Protocol;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// MX lookup with DnsClient: exchanges by preference; no MX record means the domain itself (implicit MX, A/AAAA);
/// a null MX (RFC 7505) or a domain that does not exist means mail cannot be delivered.
/// </summary>
internal sealed class DnsMxResolver : IMxResolver
{
    private readonly LookupClient _dns;

    /// <summary>Uses the system's resolvers.</summary>
    public DnsMxResolver() : this(new LookupClientOptions()) { }

    /// <summary>Uses the given name servers (tests point it at their own).</summary>
    public DnsMxResolver(params System.Net.IPEndPoint[] nameServers) : this(new LookupClientOptions(nameServers)) { }

    private DnsMxResolver(LookupClientOptions options)
    {
        options.Timeout = TimeSpan.FromSeconds(10);
        options.Retries = 2;
        options.UseCache = true;
        _dns = new LookupClient(options);
    }

    public async Task<MxRoute> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException ex)
        {
            return new MxRoute([], $"DNS lookup of {domain} failed: {ex.Message}");
        }
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return new MxRoute([], $"The domain {domain} does not exist", Permanent: true);
        }
        if (response.HasError)
        {
            return new MxRoute([], $"DNS lookup of {domain} failed: {response.ErrorMessage}");
        }
        return Route(domain, response.Answers.MxRecords().Select(mx => (mx.Preference, mx.Exchange.Value.TrimEnd('.'))).ToList());
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
