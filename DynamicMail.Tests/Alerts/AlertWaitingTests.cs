using System.Net;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Alerts;

/// <summary>
/// "Mail is waiting and you have not connected for WaitingAfter" counts from the later of the oldest arrival and the
/// last time the customer was online (connected or left), not from the arrival alone.
/// </summary>
public sealed class AlertWaitingTests : AlertTestBase
{
    private const string Contact = "ops@customer.example";

    private PresenceRegistry Presence => Engine.Services.GetRequiredService<PresenceRegistry>();

    [Fact]
    public async Task CustomerOnlineForHoursWhileMailStayedDeferred_IsAlertedOnlyWaitingAfterTheyLeft_AndOnce()
    {
        Customer.RcptReply = _ => "450 4.2.1 mailbox busy, try again later";
        Assert.True((await SetAsync(i => i.ContactEmail = Contact)).Ok);
        await QueueAsync();
        Time.Advance(TimeSpan.FromHours(1));
        Presence.Register("tab-1", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Customer.Connections > 0, "a delivery attempt, deferred");
        Time.Advance(TimeSpan.FromHours(29)); // online for longer than WaitingAfter; the mail stays deferred
        Assert.DoesNotContain(await Monitor.CheckAsync(Ct), a => a.Kind == AlertKind.MailWaiting);

        // Left just now (the store may hold only the connect, 29 h ago: the history is saved every 5 s of the clock,
        // LastOnlineTests pins that case): the mail arrived 30 h ago, but the customer was here a moment ago.
        Presence.Unregister("tab-1");
        var left = Time.GetUtcNow().UtcDateTime;
        Assert.Equal(1, Engine.Queue.Summarize("xyz.com").Messages);
        Assert.DoesNotContain(await Monitor.CheckAsync(Ct), a => a.Kind == AlertKind.MailWaiting);
        Time.Advance(TimeSpan.FromHours(23));
        Assert.DoesNotContain(await Monitor.CheckAsync(Ct), a => a.Kind == AlertKind.MailWaiting);

        Time.Advance(TimeSpan.FromHours(1.1));
        var waiting = Assert.Single(await Monitor.CheckAsync(Ct), a => a.Kind == AlertKind.MailWaiting);
        Assert.Contains($"last connected at {left:yyyy-MM-dd HH:mm} UTC", waiting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await Monitor.CheckAsync(Ct), a => a.Kind == AlertKind.MailWaiting);
        Assert.Single(await HistoryAsync(), a => a.Kind == AlertKind.MailWaiting);
        await Wait.Until(() => MailsTo(Contact).Count == 1, "the alert e-mail");
    }

    [Fact]
    public async Task CustomerNeverConnected_CountsFromTheOldestArrival()
    {
        Assert.True((await SetAsync(i => i.ContactEmail = Contact)).Ok);
        await QueueAsync();
        var arrived = Time.GetUtcNow().UtcDateTime;
        Time.Advance(TimeSpan.FromHours(23.9));
        Assert.Empty(await Monitor.CheckAsync(Ct));

        Time.Advance(TimeSpan.FromHours(0.2));
        var waiting = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Equal(AlertKind.MailWaiting, waiting.Kind);
        Assert.Contains($"The oldest arrived at {arrived:yyyy-MM-dd HH:mm} UTC; your delivery page (or ODMR client) has not connected since",
            waiting.Text, StringComparison.Ordinal);
        Assert.Empty(await Monitor.CheckAsync(Ct));
    }
}
