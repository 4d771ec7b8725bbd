using System.Globalization;
using Bunit;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>
/// The console's domain page (the form and the panels under it): field-level messages for bad input, real changes in
/// the store for good input, the retention in days, and the hold panel with its reason and end.
/// </summary>
public sealed class DomainFormTests : ConsoleContext
{
    private string? _done;

    private IRenderedComponent<DomainForm> RenderForm(CustomerDomain? existing = null) =>
        Render<DomainForm>(p => p.Add(c => c.Existing, existing).Add(c => c.OnDone, (string? m) => _done = m));

    /// <summary>The error MudBlazor shows under the field whose input has this id.</summary>
    private static string? ErrorOf(IRenderedComponent<DomainForm> cut, string id) =>
        cut.Find("#" + id).Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text")?.TextContent.Trim();

    private static void Fill(IRenderedComponent<DomainForm> cut, string id, string value) => cut.Find("#" + id).Input(value);

    [Fact]
    public void Create_WithBadInput_ShowsEachProblemNextToItsField_AndStoresNothing()
    {
        var cut = RenderForm();
        Fill(cut, "dm-name", "not a domain");
        Fill(cut, "dm-slug", "abc");
        Fill(cut, "dm-username", "");
        Fill(cut, "dm-password", "short");
        Fill(cut, "dm-port", "70000");

        cut.Find("form").Submit();

        Assert.Equal("Enter a domain name such as example.com.", ErrorOf(cut, "dm-name"));
        Assert.Equal("The slug abc is already used by abc.org.", ErrorOf(cut, "dm-slug"));
        Assert.Equal("Enter the customer's username.", ErrorOf(cut, "dm-username"));
        Assert.Equal("The password must have at least 8 characters.", ErrorOf(cut, "dm-password"));
        Assert.Equal("The delivery port must be between 1 and 65535.", ErrorOf(cut, "dm-port"));
        Assert.Equal("alert", cut.Find("[data-testid=domain-failure]").GetAttribute("role"));
        Assert.Null(_done);
        Assert.Equal(2, Engine.Domains.All().Count);
    }

    [Fact]
    public void Create_WithDuplicateName_SaysSo()
    {
        var cut = RenderForm();
        Fill(cut, "dm-name", "XYZ.com");
        Fill(cut, "dm-slug", "other");
        Fill(cut, "dm-username", "someone");
        Fill(cut, "dm-password", "long-enough");

        cut.Find("form").Submit();

        Assert.Equal("A domain named xyz.com already exists.", ErrorOf(cut, "dm-name"));
    }

    [Fact]
    public void Create_WithGoodInput_StoresTheDomain()
    {
        var cut = RenderForm();
        Fill(cut, "dm-name", "shop.example");
        Fill(cut, "dm-username", "shopadmin");
        Fill(cut, "dm-password", "shop-password");
        Fill(cut, "dm-port", "2525");
        Fill(cut, "dm-tls", "ab:cd" + new string('0', 60));

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Created shop.example.", _done));
        var stored = Engine.Domains.FindByName("shop.example")!;
        Assert.Equal(("shop", 2525, "ABCD" + new string('0', 60)), (stored.Slug, stored.DeliveryPort, stored.TlsFingerprint));
        Assert.NotNull(Engine.Domains.Authenticate("shop", "shopadmin", "shop-password"));
    }

    [Fact]
    public void Edit_KeepsTheName_SavesChanges_AndShowsTheCustomerUrl()
    {
        var cut = RenderForm(Engine.Domains.FindByName("xyz.com"));

        Assert.True(cut.Find("#dm-name").HasAttribute("disabled"));
        Assert.EndsWith("/mailserver/xyz", cut.Find("[data-testid=customer-url]").GetAttribute("value"), StringComparison.Ordinal);
        cut.Find("input[data-testid=dm-disabled]").Change(true);
        Fill(cut, "dm-contact", "ops@xyz.com");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Saved xyz.com.", _done));
        var stored = Engine.Domains.FindByName("xyz.com")!;
        Assert.True(stored.Disabled);
        Assert.Equal("ops@xyz.com", stored.ContactEmail);
        Assert.NotNull(stored.PasswordHash);
    }

    [Fact]
    public void AuthChecks_CanBeTurnedOffInTheForm()
    {
        var cut = RenderForm(Engine.Domains.FindByName("xyz.com"));
        Assert.True(Engine.Domains.FindByName("xyz.com")!.AuthChecks);

        cut.Find("input[data-testid=dm-auth-checks]").Change(false);
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Saved xyz.com.", _done));
        Assert.False(Engine.Domains.FindByName("xyz.com")!.AuthChecks);
    }

    [Fact]
    public async Task HoldPanel_OnTheDomainPage_HoldsWithReasonAndEnd_ShowsThem_AndResumes()
    {
        await SendAsync("bob@xyz.com", "waiting");
        var cut = RenderForm(Engine.Domains.FindByName("xyz.com"));
        Assert.Equal("false", cut.Find("[data-testid=domain-hold]").GetAttribute("data-held"));

        cut.Find("input[data-testid=hold-reason-input]").Input("Disk replacement");
        cut.Find("input[data-testid=hold-days]").Change("5");
        cut.Find("[data-testid=hold-set]").Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=domain-hold]").GetAttribute("data-held")));
        var hold = Engine.Domains.FindByName("xyz.com")!.Hold!;
        Assert.Equal(("Disk replacement", EngineHost.OperatorName), (hold.Reason, hold.By));
        Assert.Equal(5, Math.Round((hold.Until - hold.SetAt).TotalDays, 3));
        Assert.Equal("Disk replacement", cut.Find("[data-testid=hold-reason]").TextContent);
        Assert.Equal(hold.Until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            cut.Find("[data-testid=hold-until]").TextContent);
        Assert.Contains("retention 5 days", cut.Find("[data-testid=oldest-returned]").TextContent, StringComparison.Ordinal);
        var audit = await Engine.Services.GetRequiredService<IAuditLog>()
            .RecentAsync(10, "domain.hold", Xunit.TestContext.Current.CancellationToken);
        Assert.Contains(audit, e => e.Operator == EngineHost.OperatorName && e.Target == "xyz.com");

        cut.Find("[data-testid=hold-release]").Click();

        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=domain-hold]").GetAttribute("data-held")));
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.Hold);
    }

    [Fact]
    public void Retention_SavesTheDomainsMaxLifetime_AndEmptyGoesBackToTheDefault()
    {
        var cut = RenderForm(Engine.Domains.FindByName("xyz.com"));
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.MaxLifetime);

        cut.Find("input[data-testid=dm-retention]").Change("12");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Saved xyz.com.", _done));
        Assert.Equal(TimeSpan.FromDays(12), Engine.Domains.FindByName("xyz.com")!.MaxLifetime);

        _done = null;
        cut = RenderForm(Engine.Domains.FindByName("xyz.com"));
        Assert.Equal("12", cut.Find("input[data-testid=dm-retention]").GetAttribute("value"));
        cut.Find("input[data-testid=dm-retention]").Change("");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Saved xyz.com.", _done));
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.MaxLifetime);
    }

    [Fact]
    public async Task Delete_WithQueuedMail_IsRefusedWithTheReason()
    {
        await SendAsync("bob@xyz.com", "waiting");
        var providers = RenderProviders();
        var cut = RenderForm(Engine.Domains.FindByName("xyz.com"));

        cut.Find("[data-testid=delete-domain]").Click();
        providers.WaitForElement("[data-testid=yes-delete-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("still has 1 queued message:", cut.Find("[data-testid=delete-failure]").TextContent, StringComparison.Ordinal));
        Assert.Equal("alert", cut.Find("[data-testid=delete-failure]").GetAttribute("role"));
        Assert.NotNull(Engine.Domains.FindByName("xyz.com"));
    }
}
