using MimeKit.Cryptography;

namespace DynamicMail.Smtp.Auth;

/// <summary>What the door found out about one message: SPF, each DKIM signature, DMARC, the ARC chain it came with.</summary>
public sealed record AuthVerdict(SpfResult Spf, IReadOnlyList<DkimResult> Dkim, DmarcResult Dmarc, string Arc)
{
    /// <summary>The RFC 8601 header value for <paramref name="authservId"/>, as MimeKit formats it.</summary>
    public AuthenticationResults ToResults(string authservId)
    {
        var results = new AuthenticationResults(authservId);
        var spf = new AuthenticationMethodResult("spf", Spf.Result);
        if (Spf.Checked is { Length: > 0 } value)
        {
            spf.Properties.Add(new AuthenticationMethodProperty("smtp", Spf.Identity, value));
        }
        results.Results.Add(spf);
        if (Dkim.Count == 0)
        {
            results.Results.Add(new AuthenticationMethodResult("dkim", "none"));
        }
        foreach (var d in Dkim)
        {
            var dkim = new AuthenticationMethodResult("dkim", d.Result);
            if (d.Domain is not null)
            {
                dkim.Properties.Add(new AuthenticationMethodProperty("header", "d", d.Domain));
            }
            if (d.Selector is not null)
            {
                dkim.Properties.Add(new AuthenticationMethodProperty("header", "s", d.Selector));
            }
            results.Results.Add(dkim);
        }
        var dmarc = new AuthenticationMethodResult("dmarc", Dmarc.Result);
        if (Dmarc.Result is "pass" or "fail")
        {
            dmarc.ResultComment = "p=" + Dmarc.Policy;
        }
        if (Dmarc.FromDomain is not null)
        {
            dmarc.Properties.Add(new AuthenticationMethodProperty("header", "from", Dmarc.FromDomain));
        }
        results.Results.Add(dmarc);
        results.Results.Add(new AuthenticationMethodResult("arc", Arc));
        return results;
    }

    /// <summary>The verdict as kept with the queued message and shown in the console: the header value without its authserv-id.</summary>
    public string Summary(string authservId)
    {
        var text = ToResults(authservId).ToString();
        var semicolon = text.IndexOf(';', StringComparison.Ordinal);
        return semicolon < 0 ? text : text[(semicolon + 1)..].Trim();
    }
}
