using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Queue;

/// <summary>Browsing and operator actions on the real queue (LiteDB file, MX listener on port 0).</summary>
public sealed class QueueAdminTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private IQueueAdmin Admin => _engine.Services.GetRequiredService<IQueueAdmin>();
    private IAuditLog Audit => _engine.Services.GetRequiredService<IAuditLog>();

    private Task<string> SendAsync(string from, string to, string subject) => Mail.SendAsync(_engine.Smtp, from, to, subject);

    [Fact]
    public async Task Browse_PagesOldestFirst_WithoutGapsOrRepeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await SendAsync("alice@sender.example", i % 2 == 0 ? "bob@xyz.com" : "carol@abc.org", $"m{i}"));
        }

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = Admin.Browse(new QueueFilter(), after, 3);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(m => m.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Browse_ByDomain_PagesWithinTheDomainOnly()
    {
        var xyz = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            xyz.Add(await SendAsync("alice@sender.example", "bob@xyz.com", $"x{i}"));
            await SendAsync("alice@sender.example", "carol@abc.org", $"a{i}");
        }

        var first = Admin.Browse(new QueueFilter(Domain: "xyz.com"), null, 2);
        var second = Admin.Browse(new QueueFilter(Domain: "xyz.com"), first.Next, 2);
        var third = Admin.Browse(new QueueFilter(Domain: "xyz.com"), second.Next, 2);

        Assert.Equal(xyz, first.Items.Concat(second.Items).Concat(third.Items).Select(m => m.Id));
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task Browse_FiltersBySenderRecipientSubjectAndState()
    {
        var invoice = await SendAsync("billing@shop.example", "bob@xyz.com", "Your invoice 42");
        var news = await SendAsync("news@paper.example", "carol@abc.org", "Morning news");

        Assert.Equal([invoice], Admin.Browse(new QueueFilter(Sender: "SHOP.example"), null, 10).Items.Select(m => m.Id));
        Assert.Equal([news], Admin.Browse(new QueueFilter(Recipient: "carol@"), null, 10).Items.Select(m => m.Id));
        Assert.Equal([invoice], Admin.Browse(new QueueFilter(Subject: "invoice"), null, 10).Items.Select(m => m.Id));
        Assert.Empty(Admin.Browse(new QueueFilter(State: RecipientState.Held), null, 10).Items);

        Assert.True((await Admin.HoldAsync(news, "tester")).Done);

        Assert.Equal([news], Admin.Browse(new QueueFilter(State: RecipientState.Held), null, 10).Items.Select(m => m.Id));
        Assert.Empty(Admin.Browse(new QueueFilter(MinAge: TimeSpan.FromHours(1)), null, 10).Items);
        Assert.Equal(2, Admin.Browse(new QueueFilter(MinAge: TimeSpan.Zero), null, 10).Items.Count);
    }

    [Fact]
    public async Task HoldAndRelease_ChangeRecipients_AndAreAudited()
    {
        var id = await SendAsync("alice@sender.example", "bob@xyz.com", "hold me");

        var held = await Admin.HoldAsync(id, "tester");
        Assert.True(held.Done, held.Message);
        var message = _engine.Queue.Find(id)!;
        Assert.Equal(RecipientState.Held, message.Recipients[0].State);
        Assert.Null(message.NextAttemptAt);
        Assert.False((await Admin.HoldAsync(id, "tester")).Done);

        Assert.True((await Admin.ReleaseAsync(id, "tester")).Done);
        Assert.Equal(RecipientState.Queued, _engine.Queue.Find(id)!.Recipients[0].State);

        var entries = Audit.Recent(10);
        Assert.Equal(["message.released", "message.held"], entries.Take(2).Select(e => e.Action));
        Assert.All(entries.Take(2), e => Assert.Equal(("tester", id), (e.Operator, e.Target)));
    }

    [Fact]
    public async Task Delete_RemovesMessageBodyAndCounters_AndIsAudited()
    {
        var id = await SendAsync("alice@sender.example", "bob@xyz.com", "delete me");
        Assert.Equal(1, _engine.Queue.Summarize("xyz.com").Messages);

        var result = await Admin.DeleteAsync(id, "tester");

        Assert.True(result.Done, result.Message);
        Assert.Null(_engine.Queue.Find(id));
        Assert.Equal(0, _engine.Queue.Summarize("xyz.com").Messages);
        Assert.Contains(Audit.Recent(5), e => e.Action == "message.deleted" && e.Target == id && e.Detail!.Contains("delete me", StringComparison.Ordinal));
        Assert.False((await Admin.DeleteAsync(id, "tester")).Done);
    }

    [Fact]
    public async Task RetryNow_WhenDomainOffline_IsRefusedAndChangesNothing()
    {
        var id = await SendAsync("alice@sender.example", "bob@xyz.com", "retry");

        var result = await Admin.RetryNowAsync(id, "tester");

        Assert.False(result.Done);
        Assert.Contains("xyz.com is offline", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Audit.Recent(5), e => e.Action == "message.retried");
    }

    [Fact]
    public async Task ReturnToSender_SendsAFailedDsn_RemovesTheMessage_AndIsAudited()
    {
        await using var smartHost = new ScriptedSmtpServer();
        await RestartWithSmartHostAsync(smartHost.Port);
        var id = await SendAsync("alice@sender.example", "bob@xyz.com", "send it back");

        var result = await Admin.ReturnToSenderAsync(id, "tester");

        Assert.True(result.Done, result.Message);
        Assert.Contains("returned to <alice@sender.example>", result.Message, StringComparison.Ordinal);
        await smartHost.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        var dsn = DsnReading.Parse(smartHost.Messages.Single().Content);
        Assert.Equal("alice@sender.example", Assert.Single(smartHost.DeliveredRecipients));
        Assert.Equal("failed", dsn.Recipient("bob@xyz.com")["Action"]);
        Assert.Contains("operator (tester)", dsn.Text, StringComparison.Ordinal);
        await Wait.Until(() => _engine.Queue.Find(id) is null, "the returned message left the queue");
        Assert.Contains(Audit.Recent(5), e => e.Action == "message.returned" && e.Target == id);
        Assert.False((await Admin.ReturnToSenderAsync(id, "tester")).Done);
    }

    private async Task RestartWithSmartHostAsync(int port)
    {
        await _engine.DisposeAsync();
        _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Bounces:SmartHostPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
