namespace DynamicMail.Smtp.Delivery;

/// <summary>The names a server gives itself: the first word of its 220 greeting and of its first 250 reply (to EHLO).</summary>
internal static class ServerNames
{
    public static IReadOnlyList<string> Parse(string head)
    {
        var names = new List<string>(2);
        var lines = head.Split('\n', StringSplitOptions.TrimEntries);
        if (NameOf(lines.FirstOrDefault(l => l.StartsWith("220", StringComparison.Ordinal))) is { } greeting)
        {
            names.Add(greeting);
        }
        if (NameOf(lines.FirstOrDefault(l => l.StartsWith("250", StringComparison.Ordinal))) is { } ehlo)
        {
            names.Add(ehlo);
        }
        return names;
    }

    private static string? NameOf(string? line) =>
        line is { Length: > 4 } && line[4..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            ? first.TrimEnd('.').ToLowerInvariant()
            : null;
}
