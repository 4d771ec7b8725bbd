namespace DynamicMail.Bench;

/// <summary>
/// Scenario 1b (issue #21): 20 sessions of 4 KB and of 100 KB against DynamicMail, the bare SmtpServer library with a
/// discarding store, and Postfix, in turns, so every ingest figure shows DynamicMail's share of the library's rate.
/// Each .NET server first takes a warm-up load (a tenth of the count, not measured): the figures are its steady state,
/// not the tiered JIT's first seconds in a fresh process.
/// </summary>
internal sealed class CeilingScenario(Run run, bool withPostfix)
{
    private const int Sessions = 20;
    private readonly Dictionary<string, List<double>> _samples = [];

    private List<double> S(string key) => _samples.TryGetValue(key, out var l) ? l : _samples[key] = [];

    public async Task RunAsync(int messages, int body)
    {
        for (var rep = 0; rep < Settings.Repetitions; rep++)
        {
            // DynamicMail, library, Postfix; the order turns each repetition so none always runs first.
            var turns = new List<Func<Task>> { () => DynamicMailAsync(messages, body), () => LibraryAsync(messages, body) };
            if (withPostfix) { turns.Add(() => PostfixAsync(messages, body)); }
            for (var i = 0; i < turns.Count; i++) { await turns[(i + rep) % turns.Count](); }
        }
        AddRows(messages, body);
    }

    private async Task DynamicMailAsync(int messages, int body)
    {
        await using var dm = await DynamicMailService.StartAsync();
        var warmup = await WarmUpAsync(Settings.DmSmtpPort, messages, body);
        Memory.ResetPeak(dm.Pid);
        var cpu = Memory.CpuSeconds(dm.Pid);
        await using var trace = Profiler.Start(dm.Pid, $"ingest{body / 1024}k");
        var rate = await Load.SendAsync(Settings.DmSmtpPort, Sessions, messages, body);
        var cpuMs = (Memory.CpuSeconds(dm.Pid) - cpu) * 1000 / messages;
        var queued = dm.QueuedCount();
        if (queued != messages + warmup) { throw new InvalidOperationException($"DynamicMail logged {queued} queued of {messages + warmup}"); }
        Add(body, "dm", rate, cpuMs, Memory.PeakRss(dm.Pid));
    }

    private async Task LibraryAsync(int messages, int body)
    {
        await using var lib = await BareLibrary.StartAsync();
        await WarmUpAsync(BareLibrary.Port, messages, body);
        Memory.ResetPeak(lib.Pid);
        var cpu = Memory.CpuSeconds(lib.Pid);
        var rate = await Load.SendAsync(BareLibrary.Port, Sessions, messages, body);
        Add(body, "lib", rate, (Memory.CpuSeconds(lib.Pid) - cpu) * 1000 / messages, Memory.PeakRss(lib.Pid));
    }

    private static async Task<int> WarmUpAsync(int port, int messages, int body)
    {
        var warmup = messages / 10;
        await Load.SendAsync(port, Sessions, warmup, body);
        return warmup;
    }

    private async Task PostfixAsync(int messages, int body)
    {
        await Postfix.ResetAsync();
        double rate;
        await using (var pss = new Memory.Sampler(Memory.PostfixPss))
        {
            rate = await Load.SendAsync(Settings.PostfixPort, Sessions, messages, body);
            await Postfix.WaitQueuedAsync(messages);
            Add(body, "pf", rate, double.NaN, pss.Peak);
        }
        await Postfix.ResetAsync();
    }

    private void Add(int body, string who, double rate, double cpuMs, double peak)
    {
        S($"{who}{body}").Add(rate);
        S($"{who}cpu{body}").Add(cpuMs);
        S($"{who}peak{body}").Add(peak);
        Run.Log($"ingest 20×{body / 1024} KB {who}: {rate:N0} msg/s, {cpuMs:N3} ms CPU/msg, peak memory {Report.Mb(peak)}");
    }

    private void AddRows(int messages, int body)
    {
        var kb = body / 1024;
        var small = body == Settings.Body4K;
        double M(string key) => Report.Median(S(key + body));
        var (dm, lib, pf) = (M("dm"), M("lib"), M("pf"));
        run.Rows.Add(new Row($"1 ingest, 20 sessions, {messages:N0} × {kb} KB", Report.Rate(dm), withPostfix ? Report.Rate(pf) : "—",
            Report.Times(dm / pf), small ? "≥ 2× Postfix" : "≥ 2.5× Postfix", withPostfix ? Report.Met(dm >= (small ? 2 : 2.5) * pf) : "—"));
        run.Rows.Add(new Row($"1 share of the bare SmtpServer 11.1 library (discarding store, same load): {kb} KB",
            $"{Report.Rate(dm)} of {Report.Rate(lib)}", "—", $"{dm / lib:P0}", small ? "≥ 75 %" : "≥ 50 %", Report.Met(dm >= (small ? 0.75 : 0.5) * lib)));
        run.Rows.Add(new Row($"1 CPU per accepted {kb} KB message (bare library in brackets)",
            $"{M("dmcpu"):0.00} ms ({M("libcpu"):0.00} ms)", "—", "—", small ? "≤ 0.4 ms" : "—", small ? Report.Met(M("dmcpu") <= 0.4) : "—"));
        run.Rows.Add(new Row($"1 peak memory ingesting 20 × {kb} KB (RSS; bare library in brackets; Postfix sum of PSS)",
            $"{Report.Mb(M("dmpeak"))} ({Report.Mb(M("libpeak"))})", withPostfix ? Report.Mb(M("pfpeak")) : "—", "—", "—", "—"));
        string Samples(string who) => Report.Samples(S(who + body), Report.Rate);
        run.Notes.Add($"- ingest 20×{kb} KB samples: DynamicMail {Samples("dm")}; bare library {Samples("lib")}; Postfix {Samples("pf")}; " +
            $"CPU ms/msg DynamicMail {Report.Samples(S("dmcpu" + body), v => v.ToString("0.000"))}, library {Report.Samples(S("libcpu" + body), v => v.ToString("0.000"))}");
    }
}
