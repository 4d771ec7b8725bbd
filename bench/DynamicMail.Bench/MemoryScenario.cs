namespace DynamicMail.Bench;

/// <summary>Scenario 3b/c: memory with a large idle queue, and while receiving 30 MB messages.</summary>
internal sealed class MemoryScenario(Run run)
{
    /// <summary>One repetition each (filling 100,000 takes minutes); RSS of an idle queue barely varies.</summary>
    public async Task IdleQueueAsync()
    {
        var n = Settings.IdleQueue;
        double dm = 0, pf = 0;
        await Run.AlternateAsync(0,
            async () =>
            {
                await using var service = await DynamicMailService.StartAsync();
                await Load.SendAsync(Settings.DmSmtpPort, 50, n, Settings.Body4K);
                await Task.Delay(TimeSpan.FromSeconds(10));
                dm = Memory.Rss(service.Pid);
                Run.Log($"idle queue {n}: DynamicMail RSS {Report.Mb(dm)}");
            },
            async () =>
            {
                await Postfix.ResetAsync();
                await Load.SendAsync(Settings.PostfixPort, 50, n, Settings.Body4K);
                await Postfix.WaitQueuedAsync(n);
                await Task.Delay(TimeSpan.FromSeconds(10));
                pf = Memory.PostfixPss();
                Run.Log($"idle queue {n}: Postfix PSS {Report.Mb(pf)}");
                await Postfix.ResetAsync();
            });
        run.Rows.Add(new Row($"3 memory idle with {n:N0} × 4 KB queued (1 run)", Report.Mb(dm), Report.Mb(pf), Report.Times(dm / pf),
            "< 300 MB", Report.Met(dm < 300 * 1024 * 1024)));
    }

    /// <summary>Peak growth while receiving <paramref name="count"/> 30 MB messages at once, and what stays after.</summary>
    public async Task LargeAsync(int count)
    {
        var size = (double)Settings.LargeMessageBytes;
        List<double> dmPeak = [], dmAfter = [], dmHeap = [], pfPeak = [];
        for (var rep = 0; rep < Settings.Repetitions; rep++)
        {
            await Run.AlternateAsync(rep,
                async () =>
                {
                    await using var service = await DynamicMailService.StartAsync();
                    await Task.Delay(2000);
                    var heapBefore = await Memory.GcHeapAfterFullGcAsync(service.Pid);
                    var baseline = Memory.Rss(service.Pid);
                    Memory.ResetPeak(service.Pid);
                    await Load.SendAsync(Settings.DmSmtpPort, count, count, Settings.LargeMessageBytes);
                    dmPeak.Add(Memory.PeakRss(service.Pid) - baseline);
                    await Task.Delay(5000);
                    dmAfter.Add(Memory.Rss(service.Pid) - baseline);
                    dmHeap.Add(await Memory.GcHeapAfterFullGcAsync(service.Pid) - heapBefore);
                    Run.Log($"{count} × 30 MB: DynamicMail +{Report.Mb(dmPeak[^1])} peak, RSS +{Report.Mb(dmAfter[^1])} after, heap +{Report.Mb(dmHeap[^1])} after full GC");
                },
                async () =>
                {
                    await Postfix.ResetAsync();
                    var baseline = Memory.PostfixPss();
                    await using (var pss = new Memory.Sampler(Memory.PostfixPss))
                    {
                        await Load.SendAsync(Settings.PostfixPort, count, count, Settings.LargeMessageBytes);
                        await Postfix.WaitQueuedAsync(count);
                        pfPeak.Add(pss.Peak - baseline);
                    }
                    Run.Log($"{count} × 30 MB: Postfix +{Report.Mb(pfPeak[^1])} peak");
                });
        }
        await Postfix.ResetAsync();
        var peak = Report.Median(dmPeak);
        var after = Report.Median(dmAfter);
        var label = count == 1 ? "one 30 MB message" : $"{count} × 30 MB at once";
        run.Rows.Add(new Row($"3 memory receiving {label}: peak growth (× size)", $"{Report.Mb(peak)} ({peak / (count * size):0.0}×)",
            $"{Report.Mb(Report.Median(pfPeak))}", Report.Times(peak / Report.Median(pfPeak)), "≤ 1× size (#21)", Report.Met(peak <= count * size)));
        var heap = Report.Median(dmHeap);
        run.Rows.Add(new Row($"3 memory after {label} is stored: managed heap kept after two full GCs (RSS kept without one)",
            $"{Report.Mb(heap)} ({Report.Mb(after)} RSS)", "—", "—", "~0 (nothing kept)", Report.Met(heap <= 0.05 * count * size)));
        run.Notes.Add($"- {label} samples: DynamicMail peak growth {Report.Samples(dmPeak, Report.Mb)}, RSS kept {Report.Samples(dmAfter, Report.Mb)}, heap kept after full GC {Report.Samples(dmHeap, Report.Mb)}; Postfix {Report.Samples(pfPeak, Report.Mb)}");
    }
}
