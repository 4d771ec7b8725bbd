namespace DynamicMail.Smtp.Auth;

/// <summary>
/// The Public Suffix List (publicsuffix.org; Debian's <c>publicsuffix</c> package): a domain's organisational domain
/// for DMARC (RFC 7489 §3.2) is its public suffix plus one label. Without the file, the last two labels.
/// </summary>
public sealed class PublicSuffixList
{
    private readonly HashSet<string> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _wildcards = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _exceptions = new(StringComparer.OrdinalIgnoreCase);

    public PublicSuffixList(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var space = line.IndexOfAny([' ', '\t']);
            line = space < 0 ? line : line[..space];
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            _ = line[0] switch
            {
                '!' => _exceptions.Add(line[1..]),
                '*' when line.StartsWith("*.", StringComparison.Ordinal) => _wildcards.Add(line[2..]),
                _ => _rules.Add(line),
            };
        }
    }

    /// <summary>True when rules were loaded (false: the file was missing and the two-label fallback applies).</summary>
    public bool Loaded => _rules.Count > 0;

    public static PublicSuffixList Load(string path) => new(File.Exists(path) ? File.ReadLines(path) : []);

    /// <summary>The organisational domain of <paramref name="domain"/> (lower case, no trailing dot).</summary>
    public string OrganizationalDomain(string domain)
    {
        var labels = domain.TrimEnd('.').ToLowerInvariant().Split('.');
        var suffixLabels = SuffixLength(labels);
        var take = Math.Min(labels.Length, suffixLabels + 1);
        return string.Join('.', labels[^take..]);
    }

    private int SuffixLength(string[] labels)
    {
        if (!Loaded)
        {
            return 1;
        }
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (_exceptions.Contains(candidate))
            {
                return labels.Length - i - 1;
            }
            if (_rules.Contains(candidate) || (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels[(i + 1)..]))))
            {
                return labels.Length - i;
            }
        }
        return 1; // the implicit "*" rule
    }
}
