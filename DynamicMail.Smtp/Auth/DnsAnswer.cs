using ARSoft.Tools.Net.Dns;

namespace DynamicMail.Smtp.Auth;

/// <summary>One DNS answer: its return code and the records of the asked type (a CNAME chain inside the answer followed).</summary>
internal sealed record DnsAnswer(ReturnCode Code, IReadOnlyList<DnsRecordBase> Records)
{
    /// <summary>NOERROR or NXDOMAIN: a definite answer, possibly empty.</summary>
    public bool IsDefinite => Code is ReturnCode.NoError or ReturnCode.NxDomain;

    /// <summary>How long the answer may be cached.</summary>
    public TimeSpan Ttl { get; init; }

    public static readonly DnsAnswer Failed = new(ReturnCode.ServerFailure, []);

    /// <summary>The TXT strings of each record, joined (a record's strings form one value).</summary>
    public IEnumerable<string> Texts => Records.OfType<TxtRecord>().Select(r => string.Concat(r.TextParts));
}
