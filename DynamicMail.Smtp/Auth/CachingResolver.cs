using System.Collections.Concurrent;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// Every DNS lookup of the engine (ARSoft.Tools.Net): the configured name servers or the system's, answers cached by
/// their TTL (negative ones by the zone's SOA minimum), concurrent asks for one name sharing one query; a failure is
/// remembered for ten seconds. Implements ARSoft's <see cref="IDnsResolver"/> so its SPF validator uses the same servers and cache; there
/// a failure is an exception (the validator turns it into temperror).
/// </summary>
internal sealed class CachingResolver : IDnsResolver
{
    private const int MaxEntries = 50_000;
    private static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);
    private static readonly TimeSpan DefaultNegativeTtl = TimeSpan.FromMinutes(1);

    /// <summary>A failed lookup is asked again after this long: while DNS is down, sessions do not each wait for a time-out.</summary>
    private static readonly TimeSpan FailureTtl = TimeSpan.FromSeconds(10);
    private readonly IReadOnlyList<DnsClient> _clients;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string, RecordType), Entry> _cache = new();

    public CachingResolver(DnsOptions options, TimeProvider time)
    {
        _time = time;
        var timeout = (int)options.Timeout.TotalMilliseconds;
        var servers = options.EndPoints();
        _clients = servers.Count == 0
            ? [new DnsClient(DnsClient.GetLocalConfiguredDnsServers(), timeout)]
            : servers.GroupBy(s => s.Port).Select(g => Client(g.Select(s => s.Address), g.Key, timeout)).ToList();
    }

    /// <summary>Asks for one record type; a failed lookup comes back as <see cref="DnsAnswer.Failed"/>, never throws.</summary>
    public Task<DnsAnswer> QueryAsync(string name, RecordType type, CancellationToken cancellationToken = default)
    {
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && (hit.Expires is null || hit.Expires > now))
        {
            return hit.Answer;
        }
        var entry = new Entry(AskAsync(key.Item1, type));
        _cache[key] = entry;
        _ = entry.Answer.ContinueWith(t => Settle(key, entry, t.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return entry.Answer.WaitAsync(cancellationToken);
    }

    public async Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet,
        CancellationToken token = default) where T : DnsRecordBase
    {
        var answer = await QueryAsync(name.ToString(), recordType, token).ConfigureAwait(false);
        if (!answer.IsDefinite)
        {
            throw new DnsLookupException($"DNS lookup of {name} ({recordType}) failed: {answer.Code}");
        }
        return answer.Records.OfType<T>().ToList();
    }

    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
        where T : DnsRecordBase => ResolveAsync<T>(name, recordType, recordClass).GetAwaiter().GetResult();

    public void ClearCache() => _cache.Clear();

    public void Dispose() => _cache.Clear();

    private static DnsClient Client(IEnumerable<System.Net.IPAddress> addresses, int port, int timeout) =>
        new(addresses, [new UdpClientTransport(port), new TcpClientTransport(port)], true, timeout);

    private async Task<DnsAnswer> AskAsync(string name, RecordType type)
    {
        var domain = DomainName.Parse(name.Length == 0 ? "." : name);
        foreach (var client in _clients)
        {
            DnsMessage? reply;
            try
            {
                reply = await client.ResolveAsync(domain, type).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException or OperationCanceledException)
            {
                continue;
            }
            if (reply is not null && reply.ReturnCode is ReturnCode.NoError or ReturnCode.NxDomain)
            {
                return new DnsAnswer(reply.ReturnCode, reply.AnswerRecords.Where(r => r.RecordType == type).ToList())
                {
                    Ttl = Ttl(reply, type),
                };
            }
        }
        return DnsAnswer.Failed;
    }

    private static TimeSpan Ttl(DnsMessage reply, RecordType type)
    {
        var records = reply.AnswerRecords.Where(r => r.RecordType == type).ToList();
        if (records.Count > 0)
        {
            return TimeSpan.FromSeconds(Math.Max(1, records.Min(r => r.TimeToLive)));
        }
        var soa = reply.AuthorityRecords.OfType<SoaRecord>().FirstOrDefault();
        return soa is null ? DefaultNegativeTtl : TimeSpan.FromSeconds(Math.Clamp(Math.Min(soa.TimeToLive, soa.NegativeCachingTTL), 1, 3600));
    }

    private void Settle((string, RecordType) key, Entry entry, DnsAnswer answer)
    {
        var ttl = !answer.IsDefinite ? FailureTtl : answer.Ttl < MaxTtl ? answer.Ttl : MaxTtl;
        entry.Expires = _time.GetUtcNow() + ttl;
        if (_cache.Count > MaxEntries)
        {
            Prune();
        }
    }

    private void Prune()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, entry) in _cache)
        {
            if (entry.Expires is { } at && at <= now)
            {
                _cache.TryRemove(key, out _);
            }
        }
        if (_cache.Count > MaxEntries)
        {
            _cache.Clear();
        }
    }

    private sealed class Entry(Task<DnsAnswer> answer)
    {
        public Task<DnsAnswer> Answer { get; } = answer;

        /// <summary>Null while the query is in flight (callers share it).</summary>
        public DateTimeOffset? Expires { get; set; }
    }
}
