using System.Diagnostics;

namespace DynamicMail.Bench;

/// <summary>
/// Scenario 7 (issue #19): ingest (20 sessions × 4 KB, every 250 after the commit) and flush with the store on
/// PostgreSQL, next to the embedded LiteDB store and Postfix in the same run; and ingest into two nodes sharing one
/// database (10 sessions each, at once) — reported, not a target: both nodes and PostgreSQL share the same cores.
/// </summary>
internal sealed class PostgresScenario(Run run, IngestScenario ingest)
{
    private const int SecondSmtpPort = 2626;
    private const int SecondWebPort = 5181;
    private readonly Dictionary<string, List<double>> _s = [];

    private List<double> S(string key) => _s.TryGetValue(key, out var l) ? l : _s[key] = [];

    public async Task RunAsync()
    {
        await using var pg = await BenchPostgres.StartAsync();
        var messages = Settings.Messages4K;
        for (var rep = 0; rep < Settings.Repetitions; rep++)
        {
            await Run.AlternateAsync(rep,
                async () =>
                {
                    await OneNodeAsync("lite", messages, null);
                    await OneNodeAsync("pg", messages, BenchPostgres.Env(await pg.CreateDatabaseAsync(), "bench-a"));
                    try
                    {
                        S("pg2").Add(await TwoNodesAsync(await pg.CreateDatabaseAsync(), messages));
                    }
                    catch (InvalidOperationException ex)
                    {
                        // Reported with the one-node rows rather than failing them (a transient 451 ends smtp-source).
                        Run.Log($"two nodes failed: {ex.Message}");
                        run.Notes.Add($"- two nodes on PostgreSQL, repetition {rep + 1}: {ex.Message.ReplaceLineEndings(" ")}");
                    }
                },
                async () =>
                {
                    await Postfix.ResetAsync();
                    var rate = await Load.SendAsync(Settings.PostfixPort, 20, messages, Settings.Body4K);
                    await Postfix.WaitQueuedAsync(messages);
                    S("pf").Add(rate);
                    S("pfflush").Add(await IngestScenario.FlushPostfixAsync(messages));
                });
        }
        AddRows(messages);
    }

    private async Task OneNodeAsync(string key, int messages, Dictionary<string, string>? env)
    {
        await using var dm = await DynamicMailService.StartAsync(extraEnv: env);
        var rate = await Load.SendAsync(Settings.DmSmtpPort, 20, messages, Settings.Body4K);
        var queued = dm.QueuedCount();
        if (queued != messages) { throw new InvalidOperationException($"{key}: DynamicMail logged {queued} queued of {messages}"); }
        S(key).Add(rate);
        S(key + "flush").Add(await ingest.FlushDynamicMailAsync(messages, dm.Pid));
        Run.Log($"{key}: ingest {rate:N0} msg/s, flush {S(key + "flush")[^1]:N0} msg/s");
    }

    private static async Task<double> TwoNodesAsync(string database, int messages)
    {
        await using var a = await DynamicMailService.StartAsync(extraEnv: BenchPostgres.Env(database, "bench-a"));
        var envB = BenchPostgres.Env(database, "bench-b");
        envB["DynamicMail__Smtp__Port"] = SecondSmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        envB["ASPNETCORE_URLS"] = $"http://127.0.0.1:{SecondWebPort}";
        await using var b = await DynamicMailService.StartAsync(extraEnv: envB);
        var sw = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(
                Load.SendAsync(Settings.DmSmtpPort, 10, messages / 2, Settings.Body4K),
                Load.SendAsync(SecondSmtpPort, 10, messages / 2, Settings.Body4K));
        }
        catch (InvalidOperationException)
        {
            foreach (var line in a.LogLines().Concat(b.LogLines()).Where(l => l.Contains("fail", StringComparison.Ordinal)
                || l.Contains("Exception", StringComparison.Ordinal)).Take(30))
            {
                Run.Log("  " + line);
            }
            throw;
        }
        sw.Stop();
        var queued = a.QueuedCount() + b.QueuedCount();
        if (queued != messages) { throw new InvalidOperationException($"two nodes logged {queued} queued of {messages}"); }
        var rate = messages / sw.Elapsed.TotalSeconds;
        Run.Log($"two nodes on PostgreSQL: ingest {rate:N0} msg/s");
        return rate;
    }

    private void AddRows(int messages)
    {
        double M(string key) => Report.Median(S(key));
        var pf = M("pf");
        var pfFlush = M("pfflush");
        run.Rows.Add(new Row($"7 ingest 20 sessions, {messages:N0} × 4 KB, store on PostgreSQL (one node; 250 after commit)",
            Report.Rate(M("pg")), Report.Rate(pf), Report.Times(M("pg") / pf), "≥ 2× Postfix", Report.Met(M("pg") >= 2 * pf)));
        run.Rows.Add(new Row("7 ingest, same load, embedded LiteDB store (same run)",
            Report.Rate(M("lite")), Report.Rate(pf), Report.Times(M("lite") / pf), "(for comparison)", "—"));
        run.Rows.Add(new Row("7 ingest, same load, two nodes on one PostgreSQL (10 sessions each, at once; all on this machine)",
            Report.Rate(M("pg2")), Report.Rate(pf), Report.Times(M("pg2") / pf), "(reported, not a target)", "—"));
        run.Rows.Add(new Row($"7 flush {messages:N0} × 4 KB, store on PostgreSQL (default 2 connections)",
            Report.Rate(M("pgflush")), Report.Rate(pfFlush), Report.Times(M("pgflush") / pfFlush), "(reported)", "—"));
        run.Rows.Add(new Row("7 flush, same queue size, embedded LiteDB store (same run)",
            Report.Rate(M("liteflush")), Report.Rate(pfFlush), Report.Times(M("liteflush") / pfFlush), "(for comparison)", "—"));
        run.Notes.Add($"- PostgreSQL scenario samples (msg/s): ingest PG {Report.Samples(S("pg"), Report.Rate)}; LiteDB {Report.Samples(S("lite"), Report.Rate)}; " +
            $"two nodes {Report.Samples(S("pg2"), Report.Rate)}; Postfix {Report.Samples(S("pf"), Report.Rate)}; flush PG {Report.Samples(S("pgflush"), Report.Rate)}; " +
            $"LiteDB {Report.Samples(S("liteflush"), Report.Rate)}; Postfix {Report.Samples(S("pfflush"), Report.Rate)}");
    }
}
