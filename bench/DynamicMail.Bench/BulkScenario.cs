using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace DynamicMail.Bench;

/// <summary>
/// Issue #20: ingest while a bulk action works through 100,000 queued messages in the background. Another domain
/// holds the big queue; 20 sessions send 4 KB messages to the bench domain before (idle rate) and during a bulk hold
/// started through the API (<c>POST /api/v1/queue/bulk</c>). The row is the ratio of the two rates (target ≥ 80 %).
/// </summary>
internal sealed class BulkScenario(Run run, Customer customer)
{
    private const string Operator = "benchops";
    private const string OperatorPassword = "bench-operator-password";
    private const string BigDomain = "d1.bench.test";

    public async Task RunAsync()
    {
        var queued = Settings.IdleQueue;
        var load = Settings.Messages4K;
        await using var dm = await DynamicMailService.StartAsync(extraDomains: 1,
            extraEnv: new() { ["DynamicMail__Admin__Username"] = Operator, ["DynamicMail__Admin__Password"] = OperatorPassword });
        await Load.SendAsync(Settings.DmSmtpPort, 20, queued, Settings.Body4K, BigDomain);
        await SealingCatchUp.WaitAsync(queued);
        var idle = await Load.SendAsync(Settings.DmSmtpPort, 20, load, Settings.Body4K);
        using var http = new HttpClient { BaseAddress = new Uri(DynamicMailService.WebUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", await CreateApiKeyAsync());
        var started = Stopwatch.StartNew();
        var post = await http.PostAsJsonAsync("/api/v1/queue/bulk", new { filter = new { domain = BigDomain }, action = "hold" });
        post.EnsureSuccessStatusCode();
        var job = await post.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetString()!;
        var matched = job.GetProperty("matched").GetInt32();
        // Rounds of the same load until the bulk action is over; only rounds that ended while it still ran count.
        var during = new List<double>();
        string state;
        int done;
        do
        {
            var rate = await Load.SendAsync(Settings.DmSmtpPort, 20, load, Settings.Body4K);
            (state, done) = await ProgressAsync(http, id);
            if (state is "waiting" or "running" || during.Count == 0) { during.Add(rate); }
        }
        while (state is "waiting" or "running");
        var bulkSeconds = started.Elapsed.TotalSeconds;
        if (state != "completed" || done != matched)
        {
            throw new InvalidOperationException($"bulk hold ended {state} with {done} of {matched} done");
        }
        var ratio = Report.Median(during) / idle;
        Run.Log($"bulk: idle {idle:N0} msg/s; during {string.Join(", ", during.Select(r => r.ToString("N0")))}; hold of {matched:N0} took {bulkSeconds:N0} s");
        run.Rows.Add(new Row($"8 ingest 20 × 4 KB during a bulk hold of {matched:N0} queued (vs idle ingest, same run)",
            $"{Report.Rate(Report.Median(during))} vs {Report.Rate(idle)} idle", "n/a (no bulk action)", $"{ratio:P0}", "≥ 80 % of idle",
            Report.Met(ratio >= 0.8)));
        run.Notes.Add($"- bulk hold of {matched:N0} messages through the API: {bulkSeconds:N0} s while {during.Count} round(s) of {load:N0} messages came in " +
            $"({string.Join(", ", during.Select(r => r.ToString("N0")))} msg/s; idle {idle:N0} msg/s)");
        await BackupWhileSendingAsync(http, dm);
    }

    /// <summary>
    /// Issue #14: an online backup of the store this scenario filled (over 100,000 queued, about 1 GB in a full run)
    /// while 20 sessions keep sending; the writes' pause is what the service reports (target under a second).
    /// </summary>
    private async Task BackupWhileSendingAsync(HttpClient http, DynamicMailService dm)
    {
        var store = new DirectoryInfo(dm.DataDirectory).EnumerateFiles("dynamicmail*.db").Sum(f => f.Length);
        var folder = Path.Combine(Settings.WorkDirectory, "backup-" + Guid.NewGuid().ToString("N")[..8]);
        var sending = Load.SendAsync(Settings.DmSmtpPort, 20, Settings.Messages4K, Settings.Body4K);
        using var longer = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        longer.DefaultRequestHeaders.Add("X-Api-Key", http.DefaultRequestHeaders.GetValues("X-Api-Key").First());
        var started = Stopwatch.StartNew();
        var response = await longer.PostAsJsonAsync("/api/v1/backup", new { folder });
        var took = started.Elapsed;
        var rate = await sending;
        try
        {
            response.EnsureSuccessStatusCode();
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            var pause = view.GetProperty("pauseMilliseconds").GetDouble();
            Run.Log($"backup of {Report.Mb(store)}: {took.TotalSeconds:N1} s, writes paused {pause:N0} ms; senders {rate:N0} msg/s meanwhile");
            run.Rows.Add(new Row($"9 online backup of a {Report.Mb(store)} store while 20 sessions send 4 KB: writes paused (whole backup {took.TotalSeconds:N0} s)",
                $"{pause:N0} ms", "n/a (no online backup)", "—", "< 1 s (#14)", Report.Met(pause < 1000)));
        }
        finally
        {
            if (Directory.Exists(folder)) { Directory.Delete(folder, recursive: true); }
        }
    }

    private static async Task<(string State, int Done)> ProgressAsync(HttpClient http, string id)
    {
        var view = await http.GetFromJsonAsync<JsonElement>($"/api/v1/queue/bulk/{id}");
        return (view.GetProperty("state").GetString()!, view.GetProperty("done").GetInt32());
    }

    /// <summary>Logs in to the console as the configured operator and creates an API key (shown once on the page).</summary>
    private async Task<string> CreateApiKeyAsync()
    {
        var page = await customer.NewPageAsync();
        await page.GotoAsync($"{DynamicMailService.WebUrl}/admin/login");
        await page.FillAsync("#username", Operator);
        await page.FillAsync("#password", OperatorPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync($"{DynamicMailService.WebUrl}/admin/access");
        await page.GetByTestId("api-key-name").FillAsync("bench");
        await page.GetByTestId("create-api-key").ClickAsync();
        var shown = page.GetByTestId("new-api-key");
        await shown.WaitForAsync(new() { Timeout = 30_000 });
        var key = (await shown.TextContentAsync())!;
        await page.CloseAsync();
        return key.Trim();
    }
}
