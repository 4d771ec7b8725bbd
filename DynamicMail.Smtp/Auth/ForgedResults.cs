using MimeKit;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// Authentication-Results headers that claim DynamicMail's authserv-id (RFC 8601 §5: a receiver removes them, or the
/// customer's filter would trust a verdict the sender wrote). Others' are kept.
/// </summary>
internal static class ForgedResults
{
    /// <summary>Removes them from <paramref name="message"/>; returns their byte ranges in the received bytes.</summary>
    public static List<(long Start, long Length)> Remove(MimeMessage message, string authservId)
    {
        var cut = new List<(long, long)>();
        for (var i = message.Headers.Count - 1; i >= 0; i--)
        {
            var header = message.Headers[i];
            if (header.Id == HeaderId.AuthenticationResults && ClaimsToBe(header.Value, authservId) && header.Offset is { } offset)
            {
                cut.Add((offset, header.RawField.Length + 1 + header.RawValue.Length));
                message.Headers.RemoveAt(i);
            }
        }
        return cut;
    }

    public static bool ClaimsToBe(string value, string authservId)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var id = StripComments(semicolon < 0 ? value : value[..semicolon]).Trim();
        var space = id.IndexOfAny([' ', '\t', '\r', '\n']);
        id = (space < 0 ? id : id[..space]).Trim('"');
        return id.Equals(authservId, StringComparison.OrdinalIgnoreCase);
    }

    private static string StripComments(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : 0;
            if (depth == 0)
            {
                builder.Append(c);
            }
            depth -= c == ')' && depth > 0 ? 1 : 0;
        }
        return builder.ToString();
    }
}
