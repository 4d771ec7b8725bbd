namespace DynamicMail.Bench;

/// <summary>Ports, folders and sizes of one benchmark run (quick mode shrinks the counts).</summary>
internal static class Settings
{
    public const int DmSmtpPort = 2625;
    public const int WebPort = 5180;
    public const int PostfixPort = 25;
    public const int SinkPort = 2700;

    /// <summary>The benchmark's own DNS server (the service's <c>DynamicMail:Dns:Servers</c>).</summary>
    public const int DnsPort = 2753;

    public static string BenchDirectory { get; set; } = "";
    public static string WorkDirectory => Path.Combine(BenchDirectory, "work");
    /// <summary>The published service; BENCH_PUBLISH=dir measures another build (e.g. main's, for a before/after).</summary>
    public static string PublishDirectory => Environment.GetEnvironmentVariable("BENCH_PUBLISH") is { Length: > 0 } dir ? dir : Path.Combine(WorkDirectory, "publish");

    public static bool Quick { get; set; }
    public static int Repetitions { get; set; } = 3;

    /// <summary>The counts; divided in quick mode.</summary>
    public static int Messages4K => Quick ? 2_000 : 20_000;

    /// <summary>One session is slow for both (one fsync per message): 5,000 keeps the full run near 30 minutes.</summary>
    public static int MessagesOneSession => Quick ? 1_000 : 5_000;
    public static int Messages100K => Quick ? 200 : 2_000;
    public static int FlushMessages => Quick ? 2_000 : 20_000;
    public static int IdleQueue => Quick ? 10_000 : 100_000;
    public static int PresenceCycles => Quick ? 10 : 50;
    public static int LargeMessageBytes => 30 * 1024 * 1024;
    public const int Body4K = 4096;
    public const int Body100K = 100 * 1024;
}
