using System.Globalization;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>
/// The queue view's search, in the spirit of Mailpit: <c>domain: from: to: subject: state: before: after: larger:
/// smaller:</c>, values quoted when they hold spaces, words without a key searched in the subject. Dates are UTC
/// (<c>2026-12-01</c>, <c>2026-12-01T08:30</c>) or an age back from now (<c>30m</c>, <c>12h</c>, <c>3d</c>, <c>2w</c>);
/// sizes are bytes or <c>k</c>, <c>M</c>, <c>G</c>. Anything else is refused with a message naming it.
/// </summary>
public sealed class QueueSearch(TimeProvider time)
{
    public const int MaxLength = 1000;
    public const int MaxValueLength = 256;

    public static readonly IReadOnlyList<string> Keys = ["domain", "from", "to", "subject", "state", "before", "after", "larger", "smaller"];

    public QueueSearchResult Parse(string? text)
    {
        text ??= "";
        if (text.Length > MaxLength)
        {
            return QueueSearchResult.Invalid($"The search is longer than {MaxLength} characters.");
        }
        if (SearchTokens.Split(text) is not { } tokens)
        {
            return QueueSearchResult.Invalid("A quote in the search is not closed.");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = new List<string>();
        foreach (var (key, value) in tokens)
        {
            if (key is null)
            {
                words.Add(value);
                continue;
            }
            if (Check(key, value, values) is { } error)
            {
                return QueueSearchResult.Invalid(error);
            }
            values[key] = value;
        }
        if (words.Count > 0 && values.ContainsKey("subject"))
        {
            return QueueSearchResult.Invalid("Words without a key search the subject: use either them or subject:, not both.");
        }
        if (words.Count > 0)
        {
            values["subject"] = string.Join(' ', words);
        }
        return Build(values);
    }

    private static string? Check(string key, string value, Dictionary<string, string> values)
    {
        if (!Keys.Contains(key))
        {
            return $"Unknown search key \"{Short(key)}:\"; use {string.Join(", ", Keys.Select(k => k + ":"))}.";
        }
        if (value.Length == 0)
        {
            return $"{key}: needs a value.";
        }
        if (value.Length > MaxValueLength)
        {
            return $"The value of {key}: is longer than {MaxValueLength} characters.";
        }
        return values.ContainsKey(key) ? $"{key}: is given twice." : null;
    }

    private QueueSearchResult Build(Dictionary<string, string> v)
    {
        var now = time.GetUtcNow().UtcDateTime;
        RecipientState? state = null;
        if (v.TryGetValue("state", out var s))
        {
            if (!Enum.TryParse<RecipientState>(s, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || s.Any(char.IsDigit))
            {
                return QueueSearchResult.Invalid($"Unknown state \"{Short(s)}\"; use {string.Join(", ", Enum.GetNames<RecipientState>()).ToLowerInvariant()}.");
            }
            state = parsed;
        }
        var before = Time(v, "before", now, out var error);
        var after = error is null ? Time(v, "after", now, out error) : null;
        var larger = error is null ? Size(v, "larger", out error) : null;
        var smaller = error is null ? Size(v, "smaller", out error) : null;
        if (error is not null)
        {
            return QueueSearchResult.Invalid(error);
        }
        return QueueSearchResult.Valid(new QueueFilter(v.GetValueOrDefault("domain"), v.GetValueOrDefault("from"), v.GetValueOrDefault("to"),
            v.GetValueOrDefault("subject"), state)
        {
            ArrivedBefore = before, ArrivedAfter = after, LargerThan = larger, SmallerThan = smaller,
        });
    }

    private static DateTime? Time(Dictionary<string, string> v, string key, DateTime now, out string? error)
    {
        error = null;
        if (!v.TryGetValue(key, out var text))
        {
            return null;
        }
        if (SearchValues.Age(text) is { } age)
        {
            return now - age;
        }
        if (DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return DateTime.SpecifyKind(at, DateTimeKind.Utc);
        }
        error = $"{key}: takes a UTC date (2026-12-01 or 2026-12-01T08:30) or an age (30m, 12h, 3d, 2w), not \"{Short(text)}\".";
        return null;
    }

    private static long? Size(Dictionary<string, string> v, string key, out string? error)
    {
        error = null;
        if (!v.TryGetValue(key, out var text))
        {
            return null;
        }
        if (SearchValues.Bytes(text) is { } bytes)
        {
            return bytes;
        }
        error = $"{key}: takes a size in bytes or with k, M or G (e.g. 500k, 2M), not \"{Short(text)}\".";
        return null;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
