using System.Net;
using Bunit;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Components;

/// <summary>The live dashboard over the real engine: presence, queue and events show up without reload.</summary>
public sealed class DashboardTests : ConsoleContext
{
    private PresenceRegistry Presence => Engine.Services.GetRequiredService<PresenceRegistry>();

    private static string PresenceOf(IRenderedComponent<Dashboard> cut, string domain) =>
        cut.Find($"[data-testid=domain-row][data-domain='{domain}'] [data-testid=presence]").TextContent;

    [Fact]
    public void WhenNobodyIsConnected_EveryDomainIsOfflineInWords()
    {
        var cut = Render<Dashboard>();

        Assert.Equal("Offline", PresenceOf(cut, "xyz.com"));
        Assert.Equal("Offline", PresenceOf(cut, "abc.org"));
        Assert.Equal("0", cut.Find("[data-testid=total-online]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=total-offline]").TextContent);
    }

    [Fact]
    public async Task WhenCustomerConnectsAndLeaves_RowChangesWithoutReload()
    {
        var cut = Render<Dashboard>();

        Presence.Register("tab-1", "xyz.com", IPAddress.Parse("203.0.113.5"));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Online", PresenceOf(cut, "xyz.com"));
            Assert.Contains("203.0.113.5", cut.Find("[data-testid=domain-row][data-domain='xyz.com']").TextContent);
            Assert.Equal("1", cut.Find("[data-testid=total-online]").TextContent);
            Assert.Contains(cut.FindAll("[data-testid=feed-entry]"), e => e.GetAttribute("data-kind") == "connect");
        }, TimeSpan.FromSeconds(10));

        Presence.Unregister("tab-1");

        cut.WaitForAssertion(() => Assert.Equal("Offline", PresenceOf(cut, "xyz.com")), TimeSpan.FromSeconds(10));
        await Task.CompletedTask;
    }

    [Fact]
    public void WhileAnOdmrSessionCollects_TheDomainIsOnlineByOdmr_WithItsClient()
    {
        var cut = Render<Dashboard>();
        var events = Engine.Services.GetRequiredService<DynamicMail.Smtp.Events.IMailEvents>();

        events.Publish(new DynamicMail.Smtp.Events.OdmrSessionChanged("xyz.com", DateTime.UtcNow, "198.51.100.7", Active: true));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Online (ODMR)", PresenceOf(cut, "xyz.com"));
            Assert.Contains("ODMR 198.51.100.7", cut.Find("[data-testid=domain-row][data-domain='xyz.com']").TextContent);
        }, TimeSpan.FromSeconds(10));

        events.Publish(new DynamicMail.Smtp.Events.OdmrSessionChanged("xyz.com", DateTime.UtcNow, "198.51.100.7", Active: false));

        cut.WaitForAssertion(() => Assert.Equal("Offline", PresenceOf(cut, "xyz.com")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WhenMailArrives_QueueDepthAndTotalsUpdate()
    {
        var cut = Render<Dashboard>();

        await SendAsync("bob@xyz.com", "one");
        await SendAsync("bob@xyz.com", "two");

        cut.WaitForAssertion(() =>
        {
            Assert.StartsWith("2 messages", cut.Find("[data-testid=domain-row][data-domain='xyz.com'] [data-testid=queue]").TextContent, StringComparison.Ordinal);
            Assert.StartsWith("2 messages", cut.Find("[data-testid=total-queued]").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task WhenOneMessageIsQueued_SaysOneMessage_NotOneMessages()
    {
        var cut = Render<Dashboard>();

        await SendAsync("bob@xyz.com", "one");

        cut.WaitForAssertion(() =>
        {
            Assert.StartsWith("1 message,", cut.Find("[data-testid=domain-row][data-domain='xyz.com'] [data-testid=queue]").TextContent, StringComparison.Ordinal);
            Assert.StartsWith("1 message,", cut.Find("[data-testid=total-queued]").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SearchAndFilter_NarrowTheTable()
    {
        Presence.Register("tab-1", "abc.org", IPAddress.Parse("203.0.113.7"));
        var providers = RenderProviders();
        var cut = Render<Dashboard>();

        cut.Find("[data-testid=domain-search]").Input("xyz");
        Assert.Equal(["xyz.com"], cut.FindAll("[data-testid=domain-row]").Select(r => r.GetAttribute("data-domain")));

        cut.Find("[data-testid=domain-search]").Input("");
        var show = cut.FindComponents<MudBlazor.MudSelect<string>>()[0];
        await cut.InvokeAsync(() => show.Instance.OpenMenu());
        providers.WaitForAssertion(() => providers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "Online").Click());
        cut.WaitForAssertion(() => Assert.Equal(["abc.org"], cut.FindAll("[data-testid=domain-row]").Select(r => r.GetAttribute("data-domain"))));
    }

    [Fact]
    public async Task WithAThousandDomains_ShowsOnePageAtATime()
    {
        await AddDomainsAsync(1000);
        var cut = Render<Dashboard>();

        Assert.Equal(50, cut.FindAll("[data-testid=domain-row]").Count);
        Assert.Contains("Page 1 of 21", cut.Find("[data-testid=pager]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=page-next]").Click();

        Assert.Contains("Page 2 of 21", cut.Find("[data-testid=pager]").TextContent, StringComparison.Ordinal);
        Assert.Equal("d0049.example", cut.FindAll("[data-testid=domain-row]")[0].GetAttribute("data-domain"));
    }

    /// <summary>Writes domains straight into the store (one shared hash, no PBKDF2 per domain), then reopens it.</summary>
    private async Task AddDomainsAsync(int count)
    {
        var store = Engine.Services.GetRequiredService<LiteDbStore>();
        var hash = PasswordHasher.Hash("bulk-password");
        var domains = Enumerable.Range(0, count).Select(i => new CustomerDomain
        {
            Name = $"d{i:0000}.example", Slug = $"d{i:0000}", Username = "u", PasswordHash = hash, CreatedAt = DateTime.UtcNow,
        }).ToList();
        await store.WriteAsync(db => db.GetCollection<CustomerDomain>("domains").InsertBulk(domains), durable: true);
        var directory = new DomainDirectory(new LiteDbDomainStore(store), TimeProvider.System, new NoSecretProtector());
        Services.AddSingleton<IDomainDirectory>(directory);
    }
}
