using Bunit;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>Operators add operators and manage API keys; keys are shown once and work until revoked.</summary>
public sealed class AccessManagerTests : ConsoleContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton(Engine.Services.GetRequiredService<IOperatorDirectory>());
        Services.AddSingleton(Engine.Services.GetRequiredService<IApiKeys>());
        Services.AddSingleton(Engine.Services.GetRequiredService<IOperatorAccounts>());
    }

    [Fact]
    public async Task Operators_DisableAndRemoveOthers_NeverThemselves_EachAudited()
    {
        var operators = Engine.Services.GetRequiredService<IOperatorDirectory>();
        await operators.TryAddAsync("night-shift", "night-shift-password", EngineHost.OperatorName);
        var providers = RenderProviders();
        var cut = Render<AccessManager>();
        Assert.Empty(cut.FindAll($"[data-testid=action-remove-{EngineHost.OperatorName}]"));

        cut.Find("[data-testid=action-disable-night-shift]").Click();
        providers.WaitForElement("[data-testid=yes-disable-night-shift]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Disabled", cut.Find("[data-operator=night-shift] [data-testid=operator-state]").TextContent));
        Assert.Null(operators.Authenticate("night-shift", "night-shift-password"));

        cut.Find("[data-testid=action-remove-night-shift]").Click();
        providers.WaitForElement("[data-testid=yes-remove-night-shift]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=operator]")));
        var audit = Engine.Services.GetRequiredService<IAuditLog>().Recent(10).Select(e => $"{e.Operator} {e.Action} {e.Target}").ToList();
        Assert.Contains($"{EngineHost.OperatorName} operator.disable night-shift", audit);
        Assert.Contains($"{EngineHost.OperatorName} operator.remove night-shift", audit);
    }

    [Fact]
    public void AddOperator_ListsItAndRecordsWhoAddedIt_ShortPasswordsAreRefused()
    {
        var cut = Render<AccessManager>();

        cut.Find("[data-testid=operator-username]").Input("night-shift");
        cut.Find("[data-testid=operator-password]").Input("short");
        cut.Find("[data-testid=add-operator]").Click();
        cut.WaitForAssertion(() => Assert.Contains("at least 10 characters", cut.Find("[data-testid=operator-message]").TextContent, StringComparison.Ordinal));

        cut.Find("[data-testid=operator-username]").Input("night-shift");
        cut.Find("[data-testid=operator-password]").Input("night-shift-password");
        cut.Find("[data-testid=add-operator]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=operator]").Count));
        var added = Engine.Services.GetRequiredService<IOperatorDirectory>().Authenticate("night-shift", "night-shift-password");
        Assert.Equal(EngineHost.OperatorName, added?.CreatedBy);
    }

    [Fact]
    public void CreateKey_ShowsItOnce_AndRevokeDisablesIt()
    {
        var keys = Engine.Services.GetRequiredService<IApiKeys>();
        var providers = RenderProviders();
        var cut = Render<AccessManager>();

        cut.Find("[data-testid=api-key-name]").Input("billing sync");
        cut.Find("[data-testid=create-api-key]").Click();
        var secret = cut.WaitForElement("[data-testid=new-api-key]").TextContent;
        var id = Assert.Single(keys.All()).Id;
        Assert.Equal(id, keys.Verify(secret)?.Id);

        cut.Find($"[data-testid=action-revoke-{id}]").Click();
        providers.WaitForElement($"[data-testid=yes-revoke-{id}]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Revoked", cut.Find($"[data-testid=api-key][data-key='{id}']").TextContent, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll("[data-testid=new-api-key]"));
        });
        Assert.Null(keys.Verify(secret));
    }
}
