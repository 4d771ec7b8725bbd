using System.Text.RegularExpressions;

namespace DynamicMail.Bench;

/// <summary>
/// Issue #14, "the store stays small": 100,000 × 4 KB come in (20 sessions) and go out (the customer logs in), then
/// the size of the LiteDB file before and after the scheduled compaction (checked every 5 s here), and the pause.
/// </summary>
internal sealed partial class StoreSizeScenario(Run run, IngestScenario ingest)
{
    public async Task RunAsync()
    {
        var messages = Settings.Quick ? 10_000 : 100_000;
        await using var dm = await DynamicMailService.StartAsync(extraEnv: new() { ["DynamicMail__Store__Compaction__Interval"] = "00:00:05" });
        await Load.SendAsync(Settings.DmSmtpPort, 20, messages, Settings.Body4K);
        var peak = StoreBytes(dm.DataDirectory);
        await ingest.FlushDynamicMailAsync(messages, dm.Pid);
        var compactions = await WaitForCompactionAsync(dm);
        var last = compactions[^1];
        var after = StoreBytes(dm.DataDirectory);
        Run.Log($"store size: peak {peak:N0} B, after {after:N0} B; compactions: {string.Join("; ", compactions)}");
        run.Rows.Add(new Row($"6 store file after {messages:N0} × 4 KB in and out (LiteDB file + log; compacted by the 5 s schedule)",
            $"peak {Report.Mb(peak)} → {Report.Mb(after)}", "— (one file per message, deleted)", "—", "file does not stay at its peak",
            Report.Met(after * 4 < peak)));
        run.Notes.Add($"- compactions during and after the flush (before → after, writes paused): {string.Join("; ", compactions.Select(c => c.Text))}");
    }

    internal static long StoreBytes(string data) =>
        new DirectoryInfo(data).EnumerateFiles("dynamicmail*.db").Sum(f => f.Length);

    /// <summary>Waits until the queue is empty and a compaction ran after that (or the file is already small).</summary>
    private static async Task<List<(long After, string Text)>> WaitForCompactionAsync(DynamicMailService dm)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var found = dm.LogLines().Select(l => Compacted().Match(l)).Where(m => m.Success)
                .Select(m => (After: long.Parse(m.Groups[2].Value), Text: $"{Mb(m.Groups[1].Value)} → {Mb(m.Groups[2].Value)}, {m.Groups[3].Value} ms"))
                .ToList();
            if (found.Count > 0 && found[^1].After < 64L * 1024 * 1024)
            {
                return found;
            }
            await Task.Delay(1000);
        }
        foreach (var line in dm.LogLines().Where(l => l.Contains("ompact", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(20))
        {
            Run.Log($"service: {line}");
        }
        Run.Log($"store files now: {StoreBytes(dm.DataDirectory):N0} B");
        throw new TimeoutException("no compaction to under 64 MiB within 3 minutes of the flush");
    }

    private static string Mb(string bytes) => Report.Mb(long.Parse(bytes));

    [GeneratedRegex(@"Store compacted from (\d+) to (\d+) bytes; writes paused (\d+) ms")]
    private static partial Regex Compacted();
}
