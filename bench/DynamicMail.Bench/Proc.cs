using System.Diagnostics;
using System.Text;

namespace DynamicMail.Bench;

/// <summary>Runs the shell tools the benchmark drives (smtp-source, postconf, postqueue …).</summary>
internal static class Proc
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(string file, string args, TimeSpan? timeout = null)
    {
        using var p = Start(file, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var sw = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {args} did not finish in {timeout}");
        }
        sw.Stop();
        return new Result(p.ExitCode, await stdout, await stderr, sw.Elapsed);
    }

    /// <summary>Runs and throws on a non-zero exit, showing stderr.</summary>
    public static async Task<string> CheckAsync(string file, string args)
    {
        var r = await RunAsync(file, args);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args} exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        }
        return r.Stdout;
    }

    public static Process Start(string file, string args, IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.Latin1,
        };
        if (workingDirectory is not null) { psi.WorkingDirectory = workingDirectory; }
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) { psi.Environment[k] = v; }
        return Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
    }
}
