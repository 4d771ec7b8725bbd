using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace DynamicMail.Smtp.Queue;

/// <summary>Queue ageing and safety margins ("DynamicMail:Queue").</summary>
public sealed class QueueOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Queue";

    /// <summary>How long mail waits for its customer before it is returned (RFC 5321 §4.5.4.1).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "60.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>When senders are told their mail is still waiting: comma-separated durations, or "off".</summary>
    public string DelayWarnings { get; set; } = "1.00:00:00";

    /// <summary>Refuse new mail (452 4.3.1) when the disk has less free space; 0 means 2 × MaxMessageSize.</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeBytes { get; set; }

    /// <summary>
    /// The most messages one bulk action may take on; a filter matching more is refused (API 422, console message)
    /// so that the operator narrows it, rather than acting on an arbitrary part of the matches.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxBulkMatched { get; set; } = 1_000_000;

    public long EffectiveMinFreeBytes(int maxMessageSize) => MinFreeBytes > 0 ? MinFreeBytes : 2L * maxMessageSize;

    /// <summary>The delay-warning thresholds after arrival, ascending, each below <see cref="MaxLifetime"/>.</summary>
    public IReadOnlyList<TimeSpan> DelayWarningThresholds => TryParseWarnings(DelayWarnings, out var list, out _) ? list : [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryParseWarnings(DelayWarnings, out var list, out var error))
        {
            yield return new ValidationResult(error, [nameof(DelayWarnings)]);
        }
        else if (list.Count > 0 && list[^1] >= MaxLifetime)
        {
            yield return new ValidationResult($"every delay warning must come before MaxLifetime ({MaxLifetime}); got {list[^1]}.", [nameof(DelayWarnings)]);
        }
    }

    /// <summary>Parses "off", "" or a comma-separated list of positive durations such as "04:00:00, 1.00:00:00".</summary>
    public static bool TryParseWarnings(string? text, out IReadOnlyList<TimeSpan> thresholds, out string error)
    {
        thresholds = [];
        error = "";
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var list = new List<TimeSpan>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var t) || t <= TimeSpan.Zero)
            {
                error = $"'{part}' is not a positive duration such as 1.00:00:00 (write \"off\" for no warnings).";
                return false;
            }
            list.Add(t);
        }
        list.Sort();
        thresholds = list.Distinct().ToList();
        return true;
    }
}
