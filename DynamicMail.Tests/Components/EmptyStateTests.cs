using Bunit;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>A console list with nothing in it says so in a sentence under its column headers instead of leaving
/// them bare.</summary>
public sealed class EmptyStateTests : ConsoleContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton(Engine.Services.GetRequiredService<IOperatorDirectory>());
        Services.AddSingleton(Engine.Services.GetRequiredService<IApiKeys>());
        Services.AddSingleton(Engine.Services.GetRequiredService<IOperatorAccounts>());
    }

    [Fact]
    public async Task Dashboard_FilteredToOnline_WithNobodyOnline_SaysNoDomainMatches()
    {
        var providers = RenderProviders();
        var cut = Render<Dashboard>();

        var show = cut.FindComponents<MudBlazor.MudSelect<string>>()[0];
        await cut.InvokeAsync(() => show.Instance.OpenMenu());
        providers.WaitForAssertion(() => providers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "Online").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("No domain matches", cut.Find("[data-testid=domain-empty]").TextContent, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll("[data-testid=domain-row]"));
        });
    }

    [Fact]
    public void Dashboard_WithDomains_ShowsTheTable_AndNoEmptyText()
    {
        var cut = Render<Dashboard>();

        Assert.Equal(2, cut.FindAll("[data-testid=domain-row]").Count);
        Assert.Empty(cut.FindAll("[data-testid=domain-empty]"));
    }

    [Fact]
    public void Audit_WhenTheSearchMatchesNothing_SaysSo()
    {
        var cut = Render<AuditView>();

        cut.Find("[data-testid=audit-search]").Input("no-such-operator-or-action");

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("No audit entry matches", cut.Find("[data-testid=audit-empty]").TextContent, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll("[data-testid=audit-entry]"));
        });
    }

    [Fact]
    public void AccessManager_WithoutApiKeys_SaysNoneYet_UntilOneIsCreated()
    {
        var cut = Render<AccessManager>();
        Assert.Contains("No API keys yet", cut.Find("[data-testid=api-keys-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=api-key]"));

        cut.Find("[data-testid=api-key-name]").Input("billing sync");
        cut.Find("[data-testid=create-api-key]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=api-key]")));
        Assert.Empty(cut.FindAll("[data-testid=api-keys-empty]"));
    }
}
