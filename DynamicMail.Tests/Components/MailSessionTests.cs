using System.Security.Claims;
using Bunit;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Customers;
using DynamicMail.Web.Presence;
using DynamicMail.Web.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Components;

/// <summary>The session component's states, rendered with bUnit over the real engine services.</summary>
public sealed class MailSessionTests : MailSessionContext
{
    [Fact]
    public void WhenRendered_RegistersPresence_AndAsksToKeepThePageOpen()
    {
        var cut = RenderFor("xyz.com");

        Assert.Contains("Keep this page open", cut.Markup);
        Assert.NotNull(Presence.Of("xyz.com"));
    }

    [Fact]
    public void WhenLoggedInForAnotherDomain_ShowsRefusal_AndRegistersNothing()
    {
        var cut = RenderFor("abc.org");

        Assert.Contains("not logged in for this domain", cut.Markup);
        Assert.Null(Presence.Of("xyz.com"));
    }

    [Fact]
    public async Task WhenTheDomainsPasswordChanges_TheLiveSessionEnds_AndItsPresence()
    {
        var cut = RenderFor("xyz.com");
        Assert.NotNull(Presence.Of("xyz.com"));

        await Domains.SetPasswordAsync("xyz.com", "a-new-password");
        Board.SessionStarted("xyz.com", new DeliveryTarget("203.0.113.5", 25));

        cut.WaitForAssertion(() => Assert.Contains("not logged in for this domain", cut.Markup));
        Assert.Null(Presence.Of("xyz.com"));
    }

    [Fact]
    public void WhenServerNotAnswering_ShowsRetryCountdown()
    {
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", new DeliveryTarget("203.0.113.5", 25));

        Board.Fault("xyz.com", "Connection to 203.0.113.5:25 refused", refused: false, DateTime.UtcNow.AddSeconds(30));

        cut.WaitForAssertion(() =>
        {
            var status = cut.Find("[data-testid=status]");
            Assert.Equal("NotAnswering", status.GetAttribute("data-state"));
            Assert.Contains("Your mail server at 203.0.113.5:25 is not answering — retrying at", status.TextContent);
        });
    }

    [Fact]
    public void WhenRefusedAll_ShowsPaused()
    {
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", new DeliveryTarget("203.0.113.5", 25));

        Board.Fault("xyz.com", "554 5.3.2 no", refused: true, DateTime.UtcNow.AddSeconds(30));

        cut.WaitForAssertion(() => Assert.Contains("refused all mail: delivery paused", cut.Find("[data-testid=status]").TextContent));
    }

    [Fact]
    public void WhenDelivering_ShowsCountersAndLastDeliveries()
    {
        var cut = RenderFor("xyz.com");
        Board.SessionStarted("xyz.com", new DeliveryTarget("203.0.113.5", 25));
        Board.Delivering("xyz.com", "ID1", "alice@sender.example", 1234, new TlsState(true, "Tls13", "ABCD"));

        Board.Recorded("xyz.com", new DeliveryRecord(DateTime.UtcNow, "ID1", "alice@sender.example", "bob@xyz.com", 1234, "250 2.0.0 ok", true, "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384"));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Delivering", cut.Find("[data-testid=status]").GetAttribute("data-state"));
            Assert.Equal("1", cut.Find("[data-testid=delivered]").TextContent);
            Assert.Contains("bob@xyz.com", cut.Find("[data-testid=recent]").TextContent);
            Assert.Contains("ABCD", cut.Markup);
            Assert.Equal("TLS", cut.Find("[data-testid=arrived]").TextContent);
            Assert.Equal("TLSv1.3 with cipher TLS_AES_256_GCM_SHA384", cut.Find("[data-testid=arrived]").GetAttribute("title"));
        });
    }

    [Fact]
    public void Disconnect_EndsPresence()
    {
        var cut = RenderFor("xyz.com");

        cut.Find("[data-testid=disconnect] ").Click();

        Assert.Null(Presence.Of("xyz.com"));
        // The presence change also arrives as an event that re-renders the component from another thread.
        cut.WaitForAssertion(() => Assert.Equal("Disconnected", cut.Find("[data-testid=status]").GetAttribute("data-state")));
    }
}
