using System.Globalization;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>Ages (<c>30m</c>, <c>12h</c>, <c>3d</c>, <c>2w</c>) and sizes (<c>1024</c>, <c>500k</c>, <c>2M</c>, <c>1G</c>) in searches.</summary>
internal static class SearchValues
{
    public static TimeSpan? Age(string text)
    {
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n > 100_000)
        {
            return null;
        }
        return char.ToLowerInvariant(text[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7.0 * n),
            _ => null,
        };
    }

    public static long? Bytes(string text)
    {
        var unit = char.ToLowerInvariant(text[^1]) switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1L };
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= (1L << 40) / unit ? n * unit : null;
    }
}
