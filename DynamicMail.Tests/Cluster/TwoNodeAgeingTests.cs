using System.Globalization;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Cluster;

/// <summary>
/// Ageing, DSNs and the outbox run on every node (issue #19): two engines on one PostgreSQL database, each with
/// its own fake clock moved in step, both run the ageing worker and the outbox over the same messages; every
/// sender gets one delay warning and one return per message, never two.
/// </summary>
public sealed class TwoNodeAgeingTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const int PerNode = 6;
    private readonly TempDirectory _dirA = new();
    private readonly TempDirectory _dirB = new();
    private readonly ScriptedSmtpServer _smartHost = new();
    private readonly FakeTimeProvider _timeA = new(DateTimeOffset.UtcNow);
    private FakeTimeProvider _timeB = null!;
    private EngineHost _a = null!;
    private EngineHost _b = null!;

    public async ValueTask InitializeAsync()
    {
        _timeB = new FakeTimeProvider(_timeA.GetUtcNow());
        var database = await cluster.CreateDatabaseAsync();
        _a = await StartAsync(_dirA, "node-a", database, _timeA);
        _b = await StartAsync(_dirB, "node-b", database, _timeB);
    }

    private Task<EngineHost> StartAsync(TempDirectory dir, string node, string database, FakeTimeProvider time) =>
        EngineHost.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Store:Provider"] = "Postgres",
            ["DynamicMail:Store:ConnectionString"] = database,
            ["DynamicMail:Store:NodeId"] = node,
            ["DynamicMail:Bounces:SmartHost"] = "127.0.0.1",
            ["DynamicMail:Bounces:SmartHostPort"] = _smartHost.Port.ToString(CultureInfo.InvariantCulture),
        }, services => services.AddSingleton<TimeProvider>(time));

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _smartHost.DisposeAsync();
        _dirA.Dispose();
        _dirB.Dispose();
    }

    private void Advance(TimeSpan by)
    {
        _timeA.Advance(by);
        _timeB.Advance(by);
    }

    private static async Task QueueAsync(EngineHost node, string tag)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(node.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        for (var i = 0; i < PerNode; i++)
        {
            Assert.StartsWith("250", await smtp.SendMessageAsync($"{tag}{i}@sender.example", ["bob@xyz.com"],
                $"From: <{tag}{i}@sender.example>\r\nSubject: {tag} {i}\r\n\r\nbody\r\n"));
        }
    }

    /// <summary>
    /// Both nodes' ageing workers have found nothing more due and the shared outbox is empty: every DSN there will be
    /// for this moment is at the smart host, so a duplicate would be counted (instead of hoping a pause was long enough).
    /// </summary>
    /// <remarks>
    /// When both nodes scan the same due message, the one that loses the race finds it changed and looks again a
    /// second later on its (fake) clock; so while they are not quiet, both clocks move on a second at a time, far
    /// from the next deadline (days away).
    /// </remarks>
    private async Task BothQuietAsync()
    {
        var now = _timeA.GetUtcNow().UtcDateTime;
        var outbox = _a.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() =>
        {
            if (Ageing(_a).QuietUntil > now && Ageing(_b).QuietUntil > now && outbox.CountAsync().GetAwaiter().GetResult() == 0)
            {
                return true;
            }
            Advance(TimeSpan.FromSeconds(1));
            return false;
        }, "both nodes' ageing and the outbox caught up", 30000);
    }

    private static AgeingWorker Ageing(EngineHost node) =>
        node.Services.GetServices<IHostedService>().OfType<AgeingWorker>().Single();

    private List<string> DsnRecipients(string action) => _smartHost.Messages
        .Where(m => DsnReading.Parse(m.Content).PerRecipient.Single()["Action"] == action)
        .SelectMany(m => m.Recipients).ToList();

    [Fact]
    public async Task BothNodesAgeTheSameMessages_EachSenderGetsOneWarningAndOneReturn()
    {
        await QueueAsync(_a, "a");
        await QueueAsync(_b, "b");
        var senders = Enumerable.Range(0, PerNode).SelectMany(i => new[] { $"a{i}@sender.example", $"b{i}@sender.example" })
            .Order(StringComparer.Ordinal).ToList();

        Advance(TimeSpan.FromHours(24.1));
        await _smartHost.WaitForRecipientsAsync(senders.Count, TimeSpan.FromSeconds(30));
        await BothQuietAsync();
        Assert.Equal(senders, DsnRecipients("delayed").Order(StringComparer.Ordinal));

        Advance(TimeSpan.FromDays(4));
        await _smartHost.WaitForRecipientsAsync(2 * senders.Count, TimeSpan.FromSeconds(30));
        await Wait.Until(() => _a.Queue.Summarize("xyz.com").Messages == 0 && _b.Queue.Summarize("xyz.com").Messages == 0,
            "both nodes see the returned messages leave the queue", 30000);
        await BothQuietAsync();
        Assert.Equal(senders, DsnRecipients("failed").Order(StringComparer.Ordinal));
        Assert.Equal(2 * senders.Count, _smartHost.Messages.Count);
    }
}
