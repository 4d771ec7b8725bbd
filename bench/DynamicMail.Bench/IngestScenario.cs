using System.Diagnostics;

namespace DynamicMail.Bench;

/// <summary>
/// Scenarios 1–3a: ingest with the customer offline (every 250 durable), and — on the 20-session 4 KB load —
/// the peak memory while ingesting and the flush of that same queue when the customer comes online.
/// </summary>
internal sealed class IngestScenario(Run run, Customer customer)
{
    private readonly Dictionary<string, List<double>> _samples = [];

    private List<double> S(string key) => _samples.TryGetValue(key, out var l) ? l : _samples[key] = [];

    public async Task IngestAsync(int sessions, int messages, int body, bool withFlush)
    {
        var label = $"{sessions}s-{body}";
        for (var rep = 0; rep < Settings.Repetitions; rep++)
        {
            await Run.AlternateAsync(rep,
                async () =>
                {
                    await IngestDynamicMailAsync(label, sessions, messages, body, withFlush);
                    if (withFlush)
                    {
                        await using var wide = await DynamicMailService.StartAsync(connections: 20);
                        await Load.SendAsync(Settings.DmSmtpPort, sessions, messages, body);
                        S("dmflush20").Add(await FlushDynamicMailAsync(messages, wide.Pid));
                    }
                },
                async () =>
                {
                    await Postfix.ResetAsync();
                    double rate;
                    await using (var pss = new Memory.Sampler(Memory.PostfixPss))
                    {
                        rate = await Load.SendAsync(Settings.PostfixPort, sessions, messages, body);
                        await Postfix.WaitQueuedAsync(messages);
                        S("pfpeak" + label).Add(pss.Peak);
                    }
                    S("pf" + label).Add(rate);
                    Run.Log($"ingest {label} Postfix {rate:N0} msg/s, peak PSS {Report.Mb(S("pfpeak" + label)[^1])}");
                    if (withFlush) { S("pfflush").Add(await FlushPostfixAsync(messages)); }
                });
        }
        var kb = body / 1024;
        var dmRate = Report.Median(S("dm" + label));
        var pfRate = Report.Median(S("pf" + label));
        var target = sessions == 20 && body == Settings.Body4K;
        run.Rows.Add(new Row($"1 ingest, {sessions} session{(sessions == 1 ? "" : "s")}, {messages:N0} × {kb} KB", Report.Rate(dmRate), Report.Rate(pfRate),
            Report.Times(dmRate / pfRate), target ? "≥ 2× Postfix, every 250 durable" : "—", target ? Report.Met(dmRate >= 2 * pfRate) : "—"));
        run.Notes.Add($"- ingest {sessions}×{kb} KB samples: DynamicMail {Report.Samples(S("dm" + label), Report.Rate)}; Postfix {Report.Samples(S("pf" + label), Report.Rate)}");
        if (withFlush) { AddFlushAndPeakRows(label, messages); }
    }

    private async Task IngestDynamicMailAsync(string label, int sessions, int messages, int body, bool withFlush)
    {
        await using var dm = await DynamicMailService.StartAsync();
        Memory.ResetPeak(dm.Pid);
        var cpu = Memory.CpuSeconds(dm.Pid);
        var rate = await Load.SendAsync(Settings.DmSmtpPort, sessions, messages, body);
        Run.Log($"ingest CPU {Memory.CpuSeconds(dm.Pid) - cpu:N1} s");
        var queued = dm.QueuedCount();
        if (queued != messages) { throw new InvalidOperationException($"DynamicMail logged {queued} queued of {messages}"); }
        S("dm" + label).Add(rate);
        S("dmpeak" + label).Add(Memory.PeakRss(dm.Pid));
        Run.Log($"ingest {label} DynamicMail {rate:N0} msg/s, peak RSS {Report.Mb(Memory.PeakRss(dm.Pid))}");
        if (withFlush) { S("dmflush").Add(await FlushDynamicMailAsync(messages, dm.Pid)); }
    }

    private void AddFlushAndPeakRows(string label, int messages)
    {
        var dm = Report.Median(S("dmflush"));
        var pf = Report.Median(S("pfflush"));
        run.Rows.Add(new Row($"2 flush {messages:N0} × 4 KB (DynamicMail default 2 connections, headless-browser login; Postfix default ≤ 20 per destination)",
            $"{Report.Rate(dm)}", $"{Report.Rate(pf)}", Report.Times(dm / pf), "≥ 2× Postfix", Report.Met(dm >= 2 * pf)));
        var wide = Report.Median(S("dmflush20"));
        run.Rows.Add(new Row($"2 flush {messages:N0} × 4 KB, DynamicMail set to 20 connections (ConnectionsPerDomain=20) vs Postfix default",
            $"{Report.Rate(wide)}", $"{Report.Rate(pf)}", Report.Times(wide / pf), "(for comparison)", "—"));
        run.Notes.Add($"- flush samples (msg/s): DynamicMail {Report.Samples(S("dmflush"), Report.Rate)}; DynamicMail with 20 connections {Report.Samples(S("dmflush20"), Report.Rate)}; Postfix {Report.Samples(S("pfflush"), Report.Rate)}");
        var dmPeak = Report.Median(S("dmpeak" + label));
        var pfPeak = Report.Median(S("pfpeak" + label));
        run.Rows.Add(new Row("3 peak memory ingesting, 20 sessions × 4 KB (DynamicMail RSS; Postfix sum of PSS of all its processes)",
            Report.Mb(dmPeak), Report.Mb(pfPeak), Report.Times(dmPeak / pfPeak), "—", "—"));
    }

    /// <summary>The customer logs in through the form; timed from the submit until smtp-sink counted every message.</summary>
    public async Task<double> FlushDynamicMailAsync(int messages, int pid)
    {
        await SealingCatchUp.WaitAsync(messages);
        await using var sink = new Load.Sink();
        var page = await customer.OpenLoginAsync();
        await using var trace = Profiler.Start(pid, "flush");
        var cpu = Memory.CpuSeconds(pid);
        var sw = Stopwatch.StartNew();
        await Customer.SubmitAsync(page);
        await sink.WaitForAsync(messages, TimeSpan.FromSeconds(30 + messages / 100));
        sw.Stop();
        await page.CloseAsync();
        var rate = messages / sw.Elapsed.TotalSeconds;
        Run.Log($"flush DynamicMail {messages} in {sw.Elapsed.TotalSeconds:N2} s = {rate:N0} msg/s, {Memory.CpuSeconds(pid) - cpu:N1} CPU s");
        return rate;
    }

    /// <summary>Timed from lifting the deferral (postconf, reload, postqueue -f) until smtp-sink counted every message.</summary>
    public static async Task<double> FlushPostfixAsync(int messages)
    {
        await using var sink = new Load.Sink();
        var sw = Stopwatch.StartNew();
        await Postfix.ReleaseAsync();
        await sink.WaitForAsync(messages, TimeSpan.FromSeconds(30 + messages / 100));
        sw.Stop();
        await Postfix.SetDeferredAsync(true);
        var rate = messages / sw.Elapsed.TotalSeconds;
        Run.Log($"flush Postfix {messages} in {sw.Elapsed.TotalSeconds:N2} s = {rate:N0} msg/s");
        return rate;
    }
}
