namespace DynamicMail.Smtp.Recipients;

/// <summary>
/// The syntax of a recipient list entry: an exact address of the domain (<c>sales@xyz.com</c>, or just <c>sales</c>)
/// or the domain's catch-all <c>*@xyz.com</c>. Entries are compared without regard to case.
/// </summary>
public static class RecipientEntries
{
    /// <summary>The most entries one domain's list may hold.</summary>
    public const int MaxEntries = 10_000;

    public const string CatchAllLocalPart = "*";

    /// <summary>The entry in stored form (lower case, with the domain), or an error message for the person who typed it.</summary>
    public static (string? Entry, string? Error) Normalize(string typed, string domain)
    {
        var text = typed.Trim();
        var at = text.LastIndexOf('@');
        var local = at < 0 ? text : text[..at];
        var host = at < 0 ? domain : text[(at + 1)..].TrimEnd('.');
        if (!string.Equals(host, domain, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"{Shown(typed)} is not an address of {domain}.");
        }
        if (!IsLocalPart(local))
        {
            return (null, $"{Shown(typed)} is not a valid address (use name@{domain} or *@{domain}).");
        }
        return ((local + "@" + domain).ToLowerInvariant(), null);
    }

    /// <summary>Whether the local part is accepted by a list of normalized entries (empty: every local part).</summary>
    public static bool Accepts(IReadOnlySet<string> entries, string localPart, string domain) =>
        entries.Count == 0
        || localPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
        || entries.Contains(CatchAllLocalPart + "@" + domain.ToLowerInvariant())
        || entries.Contains((localPart + "@" + domain).ToLowerInvariant());

    private static bool IsLocalPart(string local) =>
        local == CatchAllLocalPart
        || (local.Length is > 0 and <= 64 && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal)
            && local.All(c => c is > ' ' and < (char)127 && c is not ('@' or '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or '\\' or ']' or '%' or '!' or '*')));

    private static string Shown(string typed) => typed.Length > 80 ? typed[..80] + "…" : typed.Trim();
}
