using System.Diagnostics;
using Microsoft.Playwright;

namespace DynamicMail.Bench;

/// <summary>
/// Scenario 5, DynamicMail only (Postfix has no console): 1,000 provisioned domains and 100,000 queued messages;
/// time from navigation to the first render with data of /admin (the domain table) and /admin/queue (its rows).
/// </summary>
internal sealed class DashboardScenario(Run run, Customer customer)
{
    private const string Operator = "benchops";
    private const string OperatorPassword = "bench-operator-password";

    public async Task RunAsync()
    {
        var domains = Settings.Quick ? 100 : 1_000;
        var queued = Settings.IdleQueue;
        await using var service = await DynamicMailService.StartAsync(extraDomains: domains - 1,
            extraEnv: new() { ["DynamicMail__Admin__Username"] = Operator, ["DynamicMail__Admin__Password"] = OperatorPassword });
        await Load.SendAsync(Settings.DmSmtpPort, 50, queued, Settings.Body4K);
        await Task.Delay(5000);
        Run.Log($"dashboard: {domains} domains, {queued} queued, RSS {Report.Mb(Memory.Rss(service.Pid))}");
        var page = await customer.NewPageAsync();
        await page.GotoAsync($"{DynamicMailService.WebUrl}/admin/login");
        await page.FillAsync("#username", Operator);
        await page.FillAsync("#password", OperatorPassword);
        await page.ClickAsync("button[type=submit]");
        List<double> home = [], queue = [];
        for (var i = 0; i < 5; i++)
        {
            home.Add(await FirstRenderAsync(page, "/admin", "[data-testid=domain-row]"));
            queue.Add(await FirstRenderAsync(page, "/admin/queue", "[data-testid=queue-row]"));
        }
        await page.CloseAsync();
        var h = Report.Median(home);
        var q = Report.Median(queue);
        run.Rows.Add(new Row($"5 dashboard first render, {domains:N0} domains, {queued:N0} queued: /admin (domain table), median of 5",
            Report.Ms(h), "n/a (no console)", "—", "< 1 s", Report.Met(h < 1000)));
        run.Rows.Add(new Row($"5 dashboard first render, {domains:N0} domains, {queued:N0} queued: /admin/queue (rows), median of 5",
            Report.Ms(q), "n/a (no console)", "—", "< 1 s", Report.Met(q < 1000)));
        run.Notes.Add($"- dashboard /admin (ms, first is cold): {Report.Samples(home, v => v.ToString("N0"))}; /admin/queue: {Report.Samples(queue, v => v.ToString("N0"))}");
    }

    /// <summary>From the start of navigation until the selector is visible (server render + circuit + data).</summary>
    private static async Task<double> FirstRenderAsync(IPage page, string path, string selector)
    {
        var sw = Stopwatch.StartNew();
        await page.GotoAsync(DynamicMailService.WebUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { Timeout = 60_000 });
        return sw.Elapsed.TotalMilliseconds;
    }
}
