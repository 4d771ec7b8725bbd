namespace DynamicMail.Smtp.Auth;

/// <summary>A DKIM/DMARC tag list (<c>a=b; c=d</c>, RFC 6376 §3.2): names lower case, values trimmed, whitespace removed.</summary>
internal static class TagList
{
    public static Dictionary<string, string> Parse(string text)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var name = part[..eq].Trim();
            var value = string.Concat(part[(eq + 1)..].Where(c => !char.IsWhiteSpace(c)));
            tags.TryAdd(name, value);
        }
        return tags;
    }
}
