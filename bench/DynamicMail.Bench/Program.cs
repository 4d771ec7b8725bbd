using System.Diagnostics;
using System.Globalization;
using DynamicMail.Bench;

// bench/run.sh prepares the machine (Postfix, Release publish) and runs this driver:
//   DynamicMail.Bench --bench-dir DIR --results FILE [--quick] [--reps N] [--only flush,ingest,ceiling,tls,auth,memory,large,presence,dashboard,store,postgres,bulk] [--no-postfix]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is ["--bare-smtp", var barePort])
{
    await BareLibrary.ServeAsync(int.Parse(barePort, CultureInfo.InvariantCulture));
    return;
}
var options = Args.Parse(args);
Settings.BenchDirectory = options.BenchDirectory;
Settings.Quick = options.Quick;
Settings.Repetitions = options.Repetitions;
bool Wanted(string s) => options.Only.Count == 0 || options.Only.Contains(s);

var total = Stopwatch.StartNew();
var run = new Run();
var (signedMessage, dkimKey) = AuthIngestScenario.SignedMessage();
using var dns = new BenchDns(dkimKey);
await Postfix.ConfigureAsync();
await Postfix.ResetAsync();
await using (var customer = await Customer.StartAsync())
{
    var ingest = new IngestScenario(run, customer);
    // One failing scenario is reported in the table; the others still run.
    async Task Scenario(string key, string name, Func<Task> body)
    {
        if (!Wanted(key)) { return; }
        try { await body(); }
        catch (Exception ex)
        {
            Run.Log($"{name} failed: {ex}");
            run.Rows.Add(new Row(name, "failed: " + ex.Message.ReplaceLineEndings(" "), "—", "—", "—", "**failed**"));
            await Postfix.ResetAsync();
        }
    }
    await Scenario("flush", "1/2/3 ingest 20 sessions + flush", () => ingest.IngestAsync(20, Settings.Messages4K, Settings.Body4K, withFlush: true));
    await Scenario("ingest", "1 ingest 1 session", () => ingest.IngestAsync(1, Settings.MessagesOneSession, Settings.Body4K, withFlush: false));
    await Scenario("ingest", "1 ingest 50 sessions", () => ingest.IngestAsync(50, Settings.Messages4K, Settings.Body4K, withFlush: false));
    var ceiling = new CeilingScenario(run, withPostfix: !options.NoPostfix);
    await Scenario("ceiling", "1 ingest 20 × 4 KB vs the bare library", () => ceiling.RunAsync(Settings.Messages4K, Settings.Body4K));
    await Scenario("ceiling", "1 ingest 20 × 100 KB vs the bare library", () => ceiling.RunAsync(Settings.Messages100K, Settings.Body100K));
    await Scenario("tls", "1 ingest over STARTTLS", () => new TlsIngestScenario(run).RunAsync());
    await Scenario("auth", "1 ingest with sender checks", () => new AuthIngestScenario(run, signedMessage).RunAsync());
    await Scenario("memory", "3 memory idle queue", () => new MemoryScenario(run).IdleQueueAsync());
    await Scenario("large", "3 memory one 30 MB", () => new MemoryScenario(run).LargeAsync(1));
    await Scenario("large", "3 memory ten 30 MB", () => new MemoryScenario(run).LargeAsync(10));
    await Scenario("presence", "4 presence", () => new PresenceScenario(run, customer).RunAsync());
    await Scenario("dashboard", "5 dashboard", () => new DashboardScenario(run, customer).RunAsync());
    await Scenario("store", "6 store size after 100,000 in and out", () => new StoreSizeScenario(run, ingest).RunAsync());
    await Scenario("postgres", "7 PostgreSQL store", () => new PostgresScenario(run, ingest).RunAsync());
    await Scenario("bulk", "8 ingest during a bulk action", () => new BulkScenario(run, customer).RunAsync());
}
await Postfix.ResetAsync();

var postfixVersion = (await Proc.RunAsync("postconf", "-h mail_version")).Stdout.Trim();
var header = new[]
{
    $"# DynamicMail vs Postfix — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(options.Quick ? " (quick mode: small counts, not comparable with a full run)" : "")}",
    "",
    $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion.VersionString}, .NET {Environment.Version}, Postfix {postfixVersion}; " +
    "shared with other builds, so absolute numbers are noisy — the ratios come from the same run, DynamicMail and Postfix alternating.",
    $"Each figure is the median of {Settings.Repetitions} runs unless it says otherwise. Presence driver for flush and latency: **headless Chromium** " +
    "(Debian's /usr/bin/chromium via Playwright) logging in through the real form; the live page's circuit is the presence.",
    $"Load: smtp-source defaults (one message per connection), body size as given; DynamicMail Release build as a child process " +
    $"(SMTP {Settings.DmSmtpPort}, web {Settings.WebPort}, default settings, every 250 after fsync); Postfix {postfixVersion} on port 25 as relay for the domain, " +
    "delivery deferred with defer_transports, default fsync; the customer's server is smtp-sink (scenario 4: a C# sink taking 20 ms per message).",
};
run.Notes.Insert(0, "Samples:");
run.Notes.Add("");
run.Notes.Add($"Full benchmark run took {total.Elapsed.TotalMinutes:N1} min.");
var markdown = Report.Markdown(run.Rows, header, run.Notes);
Console.WriteLine(markdown);
if (options.Results is { } file)
{
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    await File.WriteAllTextAsync(file, markdown);
    Console.Error.WriteLine($"written {file}");
}

internal sealed record Args(string BenchDirectory, string? Results, bool Quick, int Repetitions, HashSet<string> Only, bool NoPostfix)
{
    public static Args Parse(string[] args)
    {
        string dir = Path.GetFullPath("bench"), results = "";
        var quick = false;
        var noPostfix = false;
        var reps = 0;
        var only = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--bench-dir": dir = Path.GetFullPath(args[++i]); break;
                case "--results": results = args[++i]; break;
                case "--quick": quick = true; break;
                case "--no-postfix": noPostfix = true; break;
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--only": only.UnionWith(args[++i].Split(',')); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        return new Args(dir, results.Length > 0 ? results : null, quick, reps > 0 ? reps : quick ? 1 : 3, only, noPostfix);
    }
}
