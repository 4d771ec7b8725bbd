using System.Globalization;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Bounces;

/// <summary>
/// Five days in milliseconds: the real engine on a fake clock, mail that nobody collects, and a real SMTP server on
/// port 0 as the smart host that receives every DSN.
/// </summary>
public sealed class AgeingTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _smartHost = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Bounces:SmartHost"] = "127.0.0.1",
        ["DynamicMail:Bounces:SmartHostPort"] = _smartHost.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Bounces:MaxPerDomainPerHour"] = "2",
    }, services => services.AddSingleton<TimeProvider>(_time));

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _smartHost.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<string> QueueAsync(string sender, params string[] recipients)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync(sender, recipients,
            "From: <alice@sender.example>\r\nSubject: quarterly figures\r\nMessage-ID: <q1@sender.example>\r\n\r\nsecret body text"));
    }

    /// <summary>
    /// Waits until the ageing worker has settled every deadline up to the fake clock's now and the outbox has sent
    /// what that produced: after this, a DSN that was due is at the smart host, and one that is not there was not sent.
    /// </summary>
    private async Task CaughtUpAsync()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var ageing = _engine.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AgeingWorker>().Single();
        var outbox = _engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() => ageing.QuietUntil > now && outbox.CountAsync().GetAwaiter().GetResult() == 0, "ageing and outbox caught up");
    }

    private async Task<DsnReading> NextDsnAsync(int count)
    {
        await _smartHost.WaitForRecipientsAsync(count, TimeSpan.FromSeconds(10));
        var received = _smartHost.Messages.ElementAt(count - 1);
        Assert.Equal("", received.Sender);
        Assert.DoesNotContain("secret body text", received.Content, StringComparison.Ordinal);
        return DsnReading.Parse(received.Content);
    }

    [Fact]
    public async Task UncollectedMail_OneWarningAfter24Hours_ThenReturnedAfter5Days()
    {
        var id = await QueueAsync("alice@sender.example", "bob@xyz.com", "carol@xyz.com");

        _time.Advance(TimeSpan.FromHours(23));
        await CaughtUpAsync();
        Assert.Empty(_smartHost.Messages);

        _time.Advance(TimeSpan.FromHours(1.1));
        var warning = await NextDsnAsync(1);
        Assert.Equal(["alice@sender.example"], _smartHost.Messages.Single().Recipients);
        Assert.Equal(2, warning.PerRecipient.Count);
        Assert.All(warning.PerRecipient, r => Assert.Equal(("delayed", "4.4.1"), (r["Action"], r["Status"])));
        Assert.NotNull(warning.Recipient("bob@xyz.com")["Will-Retry-Until"]);
        Assert.Equal(1, _engine.Queue.Find(id)!.DelayWarningsSent);

        _time.Advance(TimeSpan.FromDays(3));
        await CaughtUpAsync();
        Assert.Single(_smartHost.Messages);

        _time.Advance(TimeSpan.FromDays(1));
        var failed = await NextDsnAsync(2);
        Assert.All(failed.PerRecipient, r => Assert.Equal(("failed", "5.4.7"), (r["Action"], r["Status"])));
        Assert.Null(failed.Recipient("carol@xyz.com")["Will-Retry-Until"]);
        Assert.Contains("xyz.com did not connect to collect its mail", failed.Text, StringComparison.Ordinal);
        Assert.Equal("quarterly figures", Assert.IsType<MimeKit.TextRfc822Headers>(failed.Report[2]).Message!.Subject);
        await Wait.Until(() => _engine.Queue.Find(id) is null, "the expired message left the queue");

        await CaughtUpAsync();
        Assert.Equal(2, _smartHost.Messages.Count);
        Assert.Equal(0, _engine.Queue.Summarize("xyz.com").Messages);
    }

    [Fact]
    public async Task NullSender_IsNeverBounced_ButStillLeavesAtExpiry()
    {
        var id = await QueueAsync("", "bob@xyz.com");

        _time.Advance(TimeSpan.FromDays(5.1));

        await Wait.Until(() => _engine.Queue.Find(id) is null, "the expired message left the queue");
        await CaughtUpAsync();
        Assert.Empty(_smartHost.Messages);
    }

    [Fact]
    public async Task ManyBouncesToOneSenderDomain_AreRateLimited()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await QueueAsync($"user{i}@flood.example", "bob@xyz.com"));
        }

        _time.Advance(TimeSpan.FromDays(5.1));

        await Wait.Until(() => ids.All(id => _engine.Queue.Find(id) is null), "every expired message left the queue");
        await _smartHost.WaitForRecipientsAsync(2, TimeSpan.FromSeconds(10));
        await CaughtUpAsync();
        Assert.Equal(2, _smartHost.Messages.Count);
        Assert.Equal(1, _engine.Services.GetRequiredService<BounceRateLimiter>().Suppressed);
    }

    [Fact]
    public async Task OperatorReturn_SendsAFailedDsnWithTheNote_AndRemovesTheMessage()
    {
        var id = await QueueAsync("alice@sender.example", "bob@xyz.com");

        var returned = await _engine.Services.GetRequiredService<IMailReturns>().ReturnNowAsync(id, "the customer has closed this domain", TestContext.Current.CancellationToken);

        Assert.Equal(1, returned);
        var dsn = await NextDsnAsync(1);
        Assert.Equal("failed", dsn.Recipient("bob@xyz.com")["Action"]);
        Assert.Contains("the customer has closed this domain", dsn.Text, StringComparison.Ordinal);
        Assert.Null(_engine.Queue.Find(id));
    }

    [Fact]
    public async Task SmartHostSaysTryLater_TheDsnIsKeptAndRetried()
    {
        _smartHost.MailReply = "451 4.3.0 busy";
        var id = await QueueAsync("alice@sender.example", "bob@xyz.com");
        await _engine.Services.GetRequiredService<IMailReturns>().ReturnNowAsync(id, null, TestContext.Current.CancellationToken);
        var outbox = _engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() => outbox.Due(DateTime.MaxValue, 1).SingleOrDefault()?.Attempts == 1, "first attempt deferred");
        Assert.Empty(_smartHost.Messages);

        _smartHost.MailReply = "250 2.1.0 ok";
        _time.Advance(TimeSpan.FromMinutes(1.5));

        await NextDsnAsync(1);
        await Wait.Until(() => outbox.Count() == 0, "outbox emptied");
    }

    [Fact]
    public async Task DsnUndeliverableForItsLifetime_IsDropped()
    {
        _smartHost.MailReply = "451 4.3.0 busy";
        var id = await QueueAsync("alice@sender.example", "bob@xyz.com");
        await _engine.Services.GetRequiredService<IMailReturns>().ReturnNowAsync(id, null, TestContext.Current.CancellationToken);
        var outbox = _engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() => outbox.Due(DateTime.MaxValue, 1).SingleOrDefault()?.Attempts == 1, "first attempt deferred");

        _time.Advance(TimeSpan.FromDays(2.1));

        await Wait.Until(() => outbox.Count() == 0, "the DSN was given up");
        Assert.Empty(_smartHost.Messages);
    }
}
