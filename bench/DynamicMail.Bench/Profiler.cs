using System.Diagnostics;

namespace DynamicMail.Bench;

/// <summary>
/// With BENCH_PERF=DIR, records CPU samples with perf (JIT maps on); with BENCH_TRACE=DIR, records a dotnet-trace (sampled thread time, Speedscope copy) of DynamicMail during a
/// phase, for finding where a missed target goes. Off by default: tracing costs throughput.
/// </summary>
internal sealed class Profiler : IAsyncDisposable
{
    private readonly Process? _process;

    private Profiler(Process? process) => _process = process;

    public static Profiler Start(int pid, string phase)
    {
        if (Environment.GetEnvironmentVariable("BENCH_PERF") is { Length: > 0 } perfDir)
        {
            Directory.CreateDirectory(perfDir);
            var perf = Proc.Start("perf", $"record -F 499 -g -p {pid} -o {Path.Combine(perfDir, $"{phase}-{DateTime.Now:HHmmss}.perf.data")}");
            Thread.Sleep(500);
            return new Profiler(perf);
        }
        var dir = Environment.GetEnvironmentVariable("BENCH_TRACE");
        if (string.IsNullOrEmpty(dir)) { return new Profiler(null); }
        Directory.CreateDirectory(dir);
        var tool = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".dotnet/tools/dotnet-trace");
        var output = Path.Combine(dir, $"{phase}-{DateTime.Now:HHmmss}.nettrace");
        var p = Proc.Start(tool, $"collect -p {pid} --profile dotnet-sampled-thread-time --format Speedscope -o {output}");
        Thread.Sleep(1500);
        return new Profiler(p);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) { return; }
        using var kill = Process.Start("kill", $"-INT {_process.Id}");
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
