using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamicMail.Bench;

/// <summary>
/// Before a flush: waits until DynamicMail's background sealer (nice 19) has given every queued message its ARC seal,
/// as it has when mail waited in the queue for a while, the normal case for a customer who is offline. The catch-up
/// time is logged and collected as its own figure; a flush straight after a burst seals inline and is slower.
/// </summary>
internal static partial class SealingCatchUp
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static List<double> Seconds { get; } = [];

    public static async Task WaitAsync(int messages)
    {
        var sw = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(60 + messages / 100);
        long sealedCount = 0;
        while (sw.Elapsed < limit)
        {
            sealedCount = await SealedAsync();
            if (sealedCount >= messages)
            {
                Seconds.Add(sw.Elapsed.TotalSeconds);
                Run.Log($"background sealing caught up: {sealedCount:N0} sealed, waited {sw.Elapsed.TotalSeconds:N1} s after ingest");
                return;
            }
            await Task.Delay(200);
        }
        Run.Log($"background sealing did not catch up within {limit.TotalSeconds:N0} s ({sealedCount:N0} of {messages:N0}); the flush seals the rest");
    }

    private static async Task<long> SealedAsync()
    {
        try
        {
            var text = await Http.GetStringAsync($"http://127.0.0.1:{Settings.WebPort}/metrics");
            var match = SealedLine().Match(text);
            return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    [GeneratedRegex(@"^dynamicmail_messages_sealed_total\{[^}]*when=""queued""[^}]*\} (\S+)", RegexOptions.Multiline)]
    private static partial Regex SealedLine();
}
