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
public sealed class MailSessionTests : BunitContext, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private LiteDbStore _store = null!;
    private PresenceRegistry _presence = null!;

    // The engine's parts without its delivery coordinator, so the board shows exactly what a test sets.
    public async ValueTask InitializeAsync()
    {
        var events = new MailEventHub(NullLogger<MailEventHub>.Instance);
        _store = new LiteDbStore(_dir.Path, new FsyncFlush(), new DurableStoreFiles(), NullLogger<LiteDbStore>.Instance);
        _presence = new PresenceRegistry(events, TimeProvider.System);
        Board = new DomainStatusBoard(events, TimeProvider.System);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IMailEvents>(events);
        Services.AddSingleton(Board);
        Services.AddSingleton<IMailQueue>(new LiteDbMailQueue(_store, new MessageBodyStore(_dir.Path), TimeProvider.System, events, new AgeingSchedule(Microsoft.Extensions.Options.Options.Create(new QueueOptions()))));
        Services.AddSingleton(_presence);
        Services.AddScoped<CircuitPresence>();
        _domains = new DomainDirectory(new LiteDbDomainStore(_store), TimeProvider.System, new NoSecretProtector());
        await _domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "xyzadmin" }, "xyz-password");
        await _domains.TryAddAsync(new CustomerDomain { Name = "abc.org", Username = "abcadmin" }, "abc-password");
        Services.AddSingleton<DynamicMail.Smtp.Recipients.IRecipientLists>(new DynamicMail.Smtp.Recipients.RecipientLists(
            new LiteDbRecipientListStore(_store), _domains, new LiteDbAuditLog(_store, TimeProvider.System), events, TimeProvider.System));
        Services.AddSingleton<IDomainDirectory>(_domains);
        Services.AddSingleton(new SessionCheck(_domains, new OperatorDirectory(new LiteDbOperatorStore(_store), TimeProvider.System)));
    }

    private DomainDirectory _domains = null!;

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Dispose();
        _dir.Dispose();
    }

    private DomainStatusBoard Board { get; set; } = null!;

    private IRenderedComponent<MailSession> RenderFor(string loggedInDomain)
    {
        var auth = AddAuthorization();
        var domain = _domains.FindByName(loggedInDomain)!;
        auth.SetAuthorized(domain.Username);
        auth.SetRoles("Customer");
        auth.SetClaims(new Claim("dm:domain", loggedInDomain), new Claim(SessionClaims.Identity, domain.Identity), new Claim(SessionClaims.Stamp, domain.SecurityStamp));
        return Render<MailSession>(p => p.Add(c => c.Domain, "xyz.com").Add(c => c.Slug, "xyz"));
    }

    [Fact]
    public void WhenRendered_RegistersPresence_AndAsksToKeepThePageOpen()
    {
        var cut = RenderFor("xyz.com");

        Assert.Contains("Keep this page open", cut.Markup);
        Assert.NotNull(_presence.Of("xyz.com"));
    }

    [Fact]
    public void WhenLoggedInForAnotherDomain_ShowsRefusal_AndRegistersNothing()
    {
        var cut = RenderFor("abc.org");

        Assert.Contains("not logged in for this domain", cut.Markup);
        Assert.Null(_presence.Of("xyz.com"));
    }

    [Fact]
    public async Task WhenTheDomainsPasswordChanges_TheLiveSessionEnds_AndItsPresence()
    {
        var cut = RenderFor("xyz.com");
        Assert.NotNull(_presence.Of("xyz.com"));

        await _domains.SetPasswordAsync("xyz.com", "a-new-password");
        Board.SessionStarted("xyz.com", new DeliveryTarget("203.0.113.5", 25));

        cut.WaitForAssertion(() => Assert.Contains("not logged in for this domain", cut.Markup));
        Assert.Null(_presence.Of("xyz.com"));
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
            Assert.Contains("Your mail server at 203.0.113.5:25 is not answering — retrying in 30 s", status.TextContent);
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

        Assert.Null(_presence.Of("xyz.com"));
        // The presence change also arrives as an event that re-renders the component from another thread.
        cut.WaitForAssertion(() => Assert.Equal("Disconnected", cut.Find("[data-testid=status]").GetAttribute("data-state")));
    }
}
