using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #22, findings 1, 4 and 5: a reply that concerns one message is that message's outcome (retried with backoff,
/// or returned with the server's reply in one DSN); the other messages keep flowing in the same session.
/// </summary>
public sealed class MessageRefusalTests : HostileDeliveryTest
{
    private const string Bad = "bad@sender.example";
    private readonly CapturingLoggerProvider _logs = new();

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(_logs);
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, "DynamicMail.Smtp.Bounces", LogLevel.Information, null)));
    }

    private async Task<(string Bad, List<string> Good)> QueueBadThenGoodAsync(params string[] badRecipients)
    {
        var bad = await QueueAsync(Bad, "the odd one", badRecipients.Length > 0 ? badRecipients : ["odd@xyz.com"]);
        return (bad, await QueueManyAsync(5));
    }

    private async Task AssertGoodDeliveredAsync(List<string> good)
    {
        await Sink.WaitForRecipientsAsync(5, TimeSpan.FromSeconds(15));
        await Wait.Until(() => good.All(IsGone), "the five good messages left the queue");
    }

    private async Task AssertRetriedWithBackoffAsync(string id, string reply)
    {
        await Wait.Until(() => Engine.Queue.Find(id)?.Recipients.Single() is { State: RecipientState.Queued, Attempts: 1 },
            "one attempt recorded");
        var r = Engine.Queue.Find(id)!.Recipients.Single();
        Assert.Contains(reply, r.LastReply, StringComparison.Ordinal);
        Assert.True(r.NextAttemptAt > DateTime.UtcNow.AddSeconds(20), $"next attempt {r.NextAttemptAt:O} has no backoff");
        Assert.Equal(0, Engine.Services.GetRequiredService<IOutbox>().Count());
    }

    private async Task<DsnReading> SingleDsnAfterAsync(string id, int seconds = 15)
    {
        await SmartHost.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(seconds));
        await Wait.Until(() => IsGone(id), "the refused message left the queue once its sender was told", seconds * 1000);
        var dsn = Assert.Single(SmartHost.Messages);
        Assert.Equal([Bad], dsn.Recipients);
        return DsnReading.Parse(dsn.Content);
    }

    [Fact]
    public async Task DataCommandRefusedWith451_ThatMessageIsRetriedWithBackoff_TheOthersAreDelivered()
    {
        Sink.DataCommandReplyFor = s => s == Bad ? "451 4.3.0 not now" : null;
        var (bad, good) = await QueueBadThenGoodAsync();
        GoOnline();

        await AssertGoodDeliveredAsync(good);
        await AssertRetriedWithBackoffAsync(bad, "451 4.3.0 not now");
    }

    [Fact]
    public async Task RepliesOutOfStep_ThatMessageIsRetriedWithBackoff_TheOthersAreDelivered()
    {
        Sink.OutOfStepFor = s => s == Bad;
        var (bad, good) = await QueueBadThenGoodAsync();
        GoOnline();

        await AssertGoodDeliveredAsync(good);
        await AssertRetriedWithBackoffAsync(bad, "out of step");
    }

    [Theory]
    [InlineData("data", "554 5.6.0 content refused", "5.6.0")]
    [InlineData("mail", "552 5.3.4 message too big", "5.3.4")]
    [InlineData("rcpt", "550 5.7.1 mailbox unavailable", "5.7.1")]
    public async Task OneMessageRefused_GetsItsDsnWithTheReply_TheOthersAreDelivered(string at, string reply, string status)
    {
        Sink.DataCommandReplyFor = s => at == "data" && s == Bad ? reply : null;
        Sink.MailReplyFor = s => at == "mail" && s == Bad ? reply : "250 2.1.0 ok";
        Sink.RcptReply = a => at == "rcpt" && a.StartsWith("gone", StringComparison.Ordinal) ? reply : "250 2.1.5 ok";
        var (bad, good) = await QueueBadThenGoodAsync([.. Enumerable.Range(0, 12).Select(i => $"gone{i}@xyz.com")]);
        GoOnline();

        await AssertGoodDeliveredAsync(good);
        var dsn = await SingleDsnAfterAsync(bad);
        Assert.Equal(12, dsn.PerRecipient.Count);
        Assert.All(dsn.PerRecipient, r => Assert.Equal(("failed", status, "smtp; " + reply), (r["Action"], r["Status"], r["Diagnostic-Code"])));
        Assert.NotEqual(Smtp.Delivery.DeliveryState.Paused, Board.Get("xyz.com").State);
    }

    private async Task<string> QueueToManyAsync(string sender, int count)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        var to = Enumerable.Range(0, count).Select(i => $"r{i}@xyz.com");
        return QueueReading.QueueId(await smtp.SendMessageAsync(sender, to, "Subject: to a list\r\n\r\nhello all"));
    }

    [Fact]
    public async Task ThousandRecipientsRefused_MakeOneDsn()
    {
        Sink.RcptReply = a => $"550 5.1.1 <{a}>: no such user";
        var id = await QueueToManyAsync(Bad, 1000);
        GoOnline();

        // A thousand RCPTs, refusals, events and a DSN of a thousand groups take a while on a busy machine.
        var dsn = await SingleDsnAfterAsync(id, 60);
        Assert.Equal(1000, dsn.PerRecipient.Count);
        Assert.Equal(1, Engine.Services.GetRequiredService<IOutbox>().Count() + SmartHost.Messages.Count);
    }

    [Fact]
    public async Task EverySecondOfFortyRecipientsRefused_MakesOneDsn()
    {
        Sink.RcptReply = a => int.Parse(a[1..a.IndexOf('@')], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1
            ? $"550 5.1.1 <{a}>: no such user" : "250 2.1.5 ok";
        var id = await QueueToManyAsync(Bad, 40);
        GoOnline();

        var dsn = await SingleDsnAfterAsync(id);
        Assert.Equal(20, dsn.PerRecipient.Count);
        Assert.Equal(20, Sink.DeliveredRecipients.Count());
    }

    [Fact]
    public async Task NullSenderWithThousandRefusals_WritesOneLogLine_AndNoDsn()
    {
        Sink.RcptReply = a => $"550 5.1.1 <{a}>: no such user";
        var id = await QueueToManyAsync("", 1000);
        GoOnline();

        await Wait.Until(() => IsGone(id), "the refused message left the queue", 60000);
        var lines = _logs.Lines.Where(l => l.Text.Contains(id, StringComparison.Ordinal) && l.Text.Contains("null sender", StringComparison.Ordinal)).ToList();
        Assert.Equal("No failed DSN for " + id + " (1000 recipients): its sender was the null sender", Assert.Single(lines).Text);
        Assert.Equal(0, Engine.Services.GetRequiredService<IOutbox>().Count());
        Assert.Empty(SmartHost.Messages);
    }

    [Fact]
    public async Task MessagesToUnknownUsers_AreEachReturned_WithoutPausingTheDomain()
    {
        Sink.RcptReply = a => a.StartsWith("gone", StringComparison.Ordinal) ? $"550 5.1.1 <{a}>: no such user" : "250 2.1.5 ok";
        var gone = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            gone.Add(await QueueAsync(Bad, $"to a former employee {i}", $"gone{i}@xyz.com"));
        }
        var good = await QueueManyAsync(5);
        GoOnline();

        await AssertGoodDeliveredAsync(good);
        await SmartHost.WaitForRecipientsAsync(7, TimeSpan.FromSeconds(20));
        await Wait.Until(() => gone.All(IsGone), "every refused message returned");
        Assert.All(SmartHost.Messages, m => Assert.Equal("5.1.1", DsnReading.Parse(m.Content).PerRecipient.Single()["Status"]));
        Assert.NotEqual(Smtp.Delivery.DeliveryState.Paused, Board.Get("xyz.com").State);
    }
}
