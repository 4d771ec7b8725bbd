using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Alerts;

/// <summary>"Mail is waiting" and "mail will be returned" alerts by e-mail through the smart host, exactly once per condition.</summary>
public sealed class AlertEmailTests : AlertTestBase
{
    private const string Contact = "ops@customer.example";

    [Fact]
    public async Task MailWaiting_AlertsOnce_ThroughTheSmartHost_AndAgainOnlyAfterItClearedAndCameBack()
    {
        Assert.True((await SetAsync(i => i.ContactEmail = Contact)).Ok);
        var first = await QueueAsync();
        var arrived = Time.GetUtcNow().UtcDateTime;
        Time.Advance(TimeSpan.FromHours(23));
        Assert.Empty(await Monitor.CheckAsync(Ct));

        Time.Advance(TimeSpan.FromHours(1.1));
        var sent = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Equal((AlertKind.MailWaiting, Contact), (sent.Kind, sent.EmailedTo));
        await Wait.Until(() => MailsTo(Contact).Count == 1, "the alert e-mail reached the smart host");
        var mail = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(MailsTo(Contact)[0].Content)), Ct);
        Assert.Equal("postmaster@mx.test", mail.From.Mailboxes.Single().Address);
        Assert.Equal("", MailsTo(Contact)[0].Sender);
        Assert.Equal("1 message for xyz.com waiting to be collected", mail.Subject);
        Assert.Contains($"The oldest arrived at {arrived:yyyy-MM-dd HH:mm} UTC", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"returned at {arrived.AddDays(5):yyyy-MM-dd HH:mm} UTC", mail.TextBody, StringComparison.Ordinal);

        // Still waiting: nothing more, however often it is looked at, even after a day.
        Assert.Empty(await Monitor.CheckAsync(Ct));
        Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await Monitor.CheckAsync(Ct));

        // Cleared (the mail went back to its sender), then back again: a new alert once the new mail has waited.
        await Engine.Services.GetRequiredService<IMailReturns>().ReturnNowAsync(first, "test", Ct);
        await Wait.Until(() => Engine.Queue.Summarize("xyz.com").Messages == 0, "the queue emptied");
        Assert.Empty(await Monitor.CheckAsync(Ct));
        await QueueAsync();
        Time.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal(AlertKind.MailWaiting, Assert.Single(await Monitor.CheckAsync(Ct)).Kind);
        await Wait.Until(() => MailsTo(Contact).Count == 2, "the second alert e-mail");
        Assert.Equal(2, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task ExpirySoon_AlertsOnceADayBeforeTheMailIsReturned()
    {
        Assert.True((await SetAsync(i => i.ContactEmail = Contact)).Ok);
        await QueueAsync();
        Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal([AlertKind.MailWaiting], (await Monitor.CheckAsync(Ct)).Select(a => a.Kind));

        Time.Advance(TimeSpan.FromDays(2.01));
        var expiring = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Equal(AlertKind.ExpirySoon, expiring.Kind);
        Assert.Contains("will be returned to its senders", expiring.Subject, StringComparison.Ordinal);
        Assert.Empty(await Monitor.CheckAsync(Ct));
        await Wait.Until(() => MailsTo(Contact).Count == 2, "both alert e-mails");
    }

    [Theory]
    [InlineData("postmaster@xyz.com")]
    [InlineData("Ops@Mail.XYZ.com")]
    public async Task ContactInsideTheDomain_IsNeverEmailed_AndTheAlertSaysWhy(string contact)
    {
        Assert.True((await SetAsync(i => i.ContactEmail = contact)).Ok);
        await QueueAsync();
        Time.Advance(TimeSpan.FromDays(1.1));

        var sent = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Null(sent.EmailedTo);
        Assert.Contains("inside xyz.com", sent.EmailNote, StringComparison.Ordinal);
        // Whatever the outbox held when the alert was recorded (the senders' delay warning) is sent; none of it is an alert.
        var outbox = Engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() => outbox.CountAsync(Ct).GetAwaiter().GetResult() == 0, "the outbox sent");
        Assert.All(SmartHost.Messages, m => Assert.Equal(["alice@sender.example"], m.Recipients));
        Assert.Equal(1, Engine.Queue.Summarize("xyz.com").Messages);
    }

    [Fact]
    public async Task TwoChecksAtOnce_AlertOnce()
    {
        Assert.True((await SetAsync(i => i.ContactEmail = Contact)).Ok);
        await QueueAsync();
        Time.Advance(TimeSpan.FromDays(1.1));
        // Two checks racing (as two nodes would) still alert once: the store decides.
        var both = await Task.WhenAll(Monitor.CheckAsync(Ct), Monitor.CheckAsync(Ct));
        Assert.Single(both.SelectMany(b => b));
        Assert.Single(await HistoryAsync());
    }
}
