using System.Text;
using MimeKit.Cryptography;

namespace DynamicMail.Smtp.Auth;

/// <summary>What the door found out about one message: SPF, each DKIM signature, DMARC, the ARC chain it came with.</summary>
public sealed record AuthVerdict(SpfResult Spf, IReadOnlyList<DkimResult> Dkim, DmarcResult Dmarc, string Arc)
{
    /// <summary>
    /// The results as RFC 8601 writes them after the authserv-id (<c>spf=pass smtp.mailfrom=a@b.example; dkim=…</c>):
    /// kept with the queued message, shown in the console and written into Authentication-Results.
    /// </summary>
    public string Summary()
    {
        var parts = new List<string> { Method("spf", Spf.Result, null, Spf.Checked is { Length: > 0 } c ? [("smtp." + Spf.Identity, c)] : []) };
        parts.AddRange(Dkim.Count == 0
            ? [Method("dkim", "none", null, [])]
            : Dkim.Select(d => Method("dkim", d.Result, null, Props(("header.d", d.Domain), ("header.s", d.Selector)))));
        parts.Add(Method("dmarc", Dmarc.Result, Dmarc.Result is "pass" or "fail" ? "p=" + Dmarc.Policy : null, Props(("header.from", Dmarc.FromDomain))));
        parts.Add(Method("arc", Arc, null, []));
        return string.Join("; ", parts);
    }

    /// <summary>The same results as MimeKit's object, for the ARC-Authentication-Results of the seal.</summary>
    public AuthenticationResults ToResults(string authservId) =>
        AuthenticationResults.Parse(Encoding.UTF8.GetBytes($"{authservId}; {Summary()}"));

    private static (string, string)[] Props(params (string Name, string? Value)[] props) =>
        props.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => (p.Name, p.Value!)).ToArray();

    private static string Method(string method, string result, string? comment, IEnumerable<(string Name, string Value)> props)
    {
        var text = new StringBuilder(method).Append('=').Append(result);
        if (comment is not null)
        {
            text.Append(" (").Append(comment).Append(')');
        }
        foreach (var (name, value) in props)
        {
            text.Append(' ').Append(name).Append('=').Append(Value(value));
        }
        return text.ToString();
    }

    /// <summary>A bare value when it is a token or <c>local@domain</c> of atoms (RFC 8601 §2.2); a quoted string otherwise.</summary>
    private static string Value(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.@".Contains(c, StringComparison.Ordinal))
            ? value
            : "\"" + string.Concat(value.Where(c => c >= ' ' && c < 127).Select(c => c is '"' or '\\' ? "\\" + c : c.ToString())) + "\"";
}
