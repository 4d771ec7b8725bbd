using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>When the embedded store rewrites itself to give freed space back (section "DynamicMail:Store:Compaction").</summary>
internal sealed class CompactionOptions
{
    public const string Section = "DynamicMail:Store:Compaction";

    /// <summary>Off: the file is compacted only when asked (API).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the file's size is compared with the live data.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Files smaller than this are left alone.</summary>
    [Range(0, long.MaxValue)]
    public long MinFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Compact when the file is this many times larger than the live data.</summary>
    [Range(1.5, 1000)]
    public double Ratio { get; set; } = 4;
}
