using System.Net;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Alerts;

/// <summary>"Delivery is paused" alerts: the customer's server refused the mail, or could not be reached at login.</summary>
public sealed class AlertPauseTests : AlertTestBase
{
    private const string Contact = "ops@customer.example";

    private DomainStatusBoard Board => Engine.Services.GetRequiredService<DomainStatusBoard>();

    private PresenceRegistry Presence => Engine.Services.GetRequiredService<PresenceRegistry>();

    [Fact]
    public async Task ServerRefused_AlertsOnceWithTheReply_AndAgainOnlyAfterTheNextDay()
    {
        Customer.Greeting = "220 other.example ESMTP";
        Customer.EhloName = "other.example";
        Assert.True((await SetAsync(i => (i.ContactEmail, i.ServerName) = (Contact, "mail.xyz.com"))).Ok);
        await QueueAsync();

        Presence.Register("tab-1", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Paused, "paused");

        var sent = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Equal(AlertKind.ServerRefused, sent.Kind);
        Assert.Contains("not mail.xyz.com", sent.Text, StringComparison.Ordinal);
        Assert.Contains("What to check", sent.Text, StringComparison.Ordinal);
        Assert.Empty(await Monitor.CheckAsync(Ct));
        await Wait.Until(() => MailsTo(Contact).Count == 1, "the alert e-mail");

        // The page closes (cleared) and opens again within the day: paused again, but no second alert that day.
        Presence.Unregister("tab-1");
        Assert.Empty(await Monitor.CheckAsync(Ct));
        Presence.Register("tab-2", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Paused, "paused again");
        Assert.Empty(await Monitor.CheckAsync(Ct));

        // A day later it may alert again (delivery retries meanwhile, so look until a check finds it paused).
        Time.Advance(TimeSpan.FromDays(1.01));
        await Wait.Until(() => Monitor.CheckAsync(Ct).GetAwaiter().GetResult().Any(a => a.Kind == AlertKind.ServerRefused), "the next day's alert");
        Assert.Equal(2, (await HistoryAsync()).Count(a => a.Kind == AlertKind.ServerRefused));
    }

    [Fact]
    public async Task ServerUnreachable_AtLogin_Alerts()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.True((await SetAsync(i => (i.ContactEmail, i.DeliveryPort) = (Contact, port))).Ok);
        await QueueAsync();

        Presence.Register("tab-1", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.NotAnswering, "not answering");

        var sent = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Equal(AlertKind.ServerUnreachable, sent.Kind);
        Assert.Contains("could not be reached", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("firewall", sent.Text, StringComparison.Ordinal);
        await Wait.Until(() => MailsTo(Contact).Count == 1, "the alert e-mail");
    }
}
