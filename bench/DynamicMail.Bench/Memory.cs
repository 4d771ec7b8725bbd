using System.Globalization;

namespace DynamicMail.Bench;

/// <summary>Resident memory from /proc: one process (VmRSS/VmHWM) or a family of processes (sum of PSS).</summary>
internal static class Memory
{
    public static long Rss(int pid) => Field(pid, "VmRSS:");

    /// <summary>User + system CPU seconds the process has used (clock ticks of /proc/pid/stat, 100 per second).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static long PeakRss(int pid) => Field(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current RSS (Linux clear_refs 5).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Field(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    /// <summary>
    /// Live managed heap after full, blocking GCs: dotnet-gcdump induces one, then reports the heap. Used to tell
    /// memory a message still holds from garbage the GC has not yet had a reason to collect. Two in a row, the second
    /// reported: the first one's figure still counted a 32 MB buffer of the message just received (not in its object
    /// graph, so not reachable from any root), which the second no longer sees; what a message really keeps is in both.
    /// </summary>
    public static async Task<long> GcHeapAfterFullGcAsync(int pid)
    {
        await GcHeapAfterOneFullGcAsync(pid);
        return await GcHeapAfterOneFullGcAsync(pid);
    }

    private static async Task<long> GcHeapAfterOneFullGcAsync(int pid)
    {
        var tool = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".dotnet/tools/dotnet-gcdump");
        var file = Path.Combine(Settings.WorkDirectory, $"heap-{pid}.gcdump");
        await Proc.CheckAsync(tool, $"collect -p {pid} -o {file}");
        var report = await Proc.CheckAsync(tool, $"report {file}");
        File.Delete(file);
        var line = report.Split('\n').First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
        return long.Parse(line.Trim().Split(' ')[0].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    /// <summary>Sum of the proportional set size of every Postfix process (shared libraries counted once).</summary>
    public static long PostfixPss()
    {
        long total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out _)) { continue; }
            try
            {
                var exe = new FileInfo(Path.Combine(dir, "exe")).LinkTarget ?? "";
                if (!exe.StartsWith("/usr/lib/postfix/", StringComparison.Ordinal)) { continue; }
                foreach (var line in File.ReadLines(Path.Combine(dir, "smaps_rollup")))
                {
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return total;
    }

    /// <summary>Samples <paramref name="read"/> every 50 ms until disposed; Peak is the largest value seen.</summary>
    public sealed class Sampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peak;

        public Sampler(Func<long> read)
        {
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _peak = Math.Max(_peak, read());
                    try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { }
                }
                _peak = Math.Max(_peak, read());
            });
        }

        public long Peak => _peak;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
