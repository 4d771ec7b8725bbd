using System.Diagnostics;

namespace DynamicMail.Bench;

/// <summary>
/// Scenario 4, DynamicMail only (Postfix has no presence): cycles of login → delivery → page close against a sink
/// that takes 20 ms per message, so the queue outlasts every cycle.
/// </summary>
internal sealed class PresenceScenario(Run run, Customer customer)
{
    public async Task RunAsync()
    {
        var cycles = Settings.PresenceCycles;
        await using var sink = new TimestampSink(TimeSpan.FromMilliseconds(20));
        await using var service = await DynamicMailService.StartAsync();
        await Load.SendAsync(Settings.DmSmtpPort, 20, cycles * 200, Settings.Body4K);
        List<double> login = [], close = [];
        for (var i = 0; i < cycles; i++)
        {
            var page = await customer.OpenLoginAsync();
            var t0 = Stopwatch.GetTimestamp();
            await Customer.SubmitAsync(page);
            login.Add(await FirstDataAsync(sink, t0));
            await Task.Delay(1000);
            var t1 = Stopwatch.GetTimestamp();
            await page.CloseAsync();
            await Task.Delay(2000);
            var after = sink.TransactionsSince(t1);
            close.Add(after.Length == 0 ? 0 : Stopwatch.GetElapsedTime(t1, after.Max()).TotalMilliseconds);
        }
        Run.Log($"presence: login→first byte p50 {Report.Median(login):N0} ms; close→last transaction p50 {Report.Median(close):N0} p99 {Report.Percentile(close, 99):N0} ms");
        var p99 = Report.Percentile(close, 99);
        run.Rows.Add(new Row($"4 presence: page close → last new transaction, p50 / p99 of {cycles} cycles",
            $"{Report.Ms(Report.Median(close))} / {Report.Ms(p99)}", "n/a (no presence)", "—", "p99 < 1 s", Report.Met(p99 < 1000)));
        var loginP50 = Report.Median(login);
        run.Rows.Add(new Row($"4 presence: login (form submit) → first byte delivered, p50 / p99 of {cycles} cycles",
            $"{Report.Ms(loginP50)} / {Report.Ms(Report.Percentile(login, 99))}", "n/a (no presence)", "—", "< 500 ms", Report.Met(loginP50 < 500)));
        run.Notes.Add($"- presence close → last new transaction (ms): {Report.Samples(close, v => v.ToString("N0"))}");
        run.Notes.Add($"- login → first byte (ms): {Report.Samples(login, v => v.ToString("N0"))}");
    }

    private static async Task<double> FirstDataAsync(TimestampSink sink, long since)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(15))
        {
            var data = sink.FirstDataSince(since);
            if (data.Length > 0) { return Stopwatch.GetElapsedTime(since, data.Min()).TotalMilliseconds; }
            await Task.Delay(2);
        }
        throw new TimeoutException("No delivery within 15 s of the login");
    }
}
