namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>Splits a search into <c>key:value</c> pairs and bare words; values may be quoted ("two words").</summary>
internal static class SearchTokens
{
    /// <summary>The tokens (key null for a bare word, keys lower-cased), or null when a quote is not closed.</summary>
    public static List<(string? Key, string Value)>? Split(string text)
    {
        var tokens = new List<(string?, string)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            string? key = null;
            var colon = KeyEnd(text, i);
            if (colon > i)
            {
                key = text[i..colon].ToLowerInvariant();
                i = colon + 1;
            }
            if (Value(text, ref i) is not { } value)
            {
                return null;
            }
            tokens.Add((key, value));
        }
        return tokens;
    }

    /// <summary>Where the key starting at <paramref name="start"/> ends (its colon), or -1 when the token has none.</summary>
    private static int KeyEnd(string text, int start)
    {
        for (var j = start; j < text.Length && !char.IsWhiteSpace(text[j]) && text[j] != '"'; j++)
        {
            if (text[j] == ':')
            {
                return j;
            }
        }
        return -1;
    }

    private static string? Value(string text, ref int i)
    {
        if (i < text.Length && text[i] == '"')
        {
            var close = text.IndexOf('"', i + 1);
            if (close < 0)
            {
                return null;
            }
            var quoted = text[(i + 1)..close];
            i = close + 1;
            return quoted.Trim();
        }
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return text[start..i];
    }
}
