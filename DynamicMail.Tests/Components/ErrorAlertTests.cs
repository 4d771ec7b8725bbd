using Bunit;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using DynamicMail.Web.Components.Domains;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>Errors a screen reader must announce at once: each error alert carries role="alert".</summary>
public sealed class ErrorAlertTests : ConsoleContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton(Engine.Services.GetRequiredService<IOperatorAccounts>());
    }

    [Fact]
    public void OwnPassword_WhenTheNewOneIsTooShort_TheMessageIsAnAlert()
    {
        var cut = Render<OwnPassword>();

        cut.Find("[data-testid=change-password]").Click();

        var message = cut.WaitForElement("[data-testid=own-password-message]");
        Assert.Equal("alert", message.GetAttribute("role"));
    }

    [Fact]
    public void HoldPanel_WhenTheActionIsRefused_TheMessageIsAnAlert()
    {
        var cut = Render<DomainHoldPanel>(p => p.Add(c => c.Domain, "xyz.com").Add(c => c.By, "customer:xyz.com")
            .Add(c => c.Allowed, () => false));

        cut.Find("[data-testid=hold-set]").Click();

        var message = cut.WaitForElement("[data-testid=hold-message]");
        Assert.Contains("You may not change this domain", message.TextContent, StringComparison.Ordinal);
        Assert.Equal("alert", message.GetAttribute("role"));
    }

    [Fact]
    public void HoldPanel_WhenTheHoldIsSet_TheMessageIsAStatus()
    {
        var cut = Render<DomainHoldPanel>(p => p.Add(c => c.Domain, "xyz.com").Add(c => c.By, EngineHost.OperatorName)
            .Add(c => c.Allowed, () => true));
        cut.Find("[data-testid=hold-reason-input]").Input("Server maintenance");

        cut.Find("[data-testid=hold-set]").Click();

        cut.WaitForAssertion(() =>
        {
            var message = cut.Find("[data-testid=hold-message]");
            Assert.Equal("Delivery is on hold.", message.TextContent.Trim());
            Assert.Equal("status", message.GetAttribute("role"));
        });
    }
}
