using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Queue;

/// <summary>Queue ageing and safety margins ("DynamicMail:Queue").</summary>
public sealed class QueueOptions
{
    public const string Section = "DynamicMail:Queue";

    /// <summary>How long mail waits for its customer before it is returned (RFC 5321 §4.5.4.1).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "60.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Refuse new mail (452 4.3.1) when the disk has less free space; 0 means 2 × MaxMessageSize.</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeBytes { get; set; }

    public long EffectiveMinFreeBytes(int maxMessageSize) => MinFreeBytes > 0 ? MinFreeBytes : 2L * maxMessageSize;
}
