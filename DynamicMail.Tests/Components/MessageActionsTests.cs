using System.Net;
using Bunit;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>The message page offers only the actions its state allows, and says why the others are off.</summary>
public sealed class MessageActionsTests : ConsoleContext
{
    private IRenderedComponent<MessageDetail> Open(string id)
    {
        AddAuthorization().SetAuthorized(EngineHost.OperatorName);
        return Render<MessageDetail>(p => p.Add(c => c.Id, id));
    }

    private static bool Enabled(IRenderedComponent<MessageDetail> cut, string action) =>
        !cut.Find($"[data-testid=action-{action}]").HasAttribute("disabled");

    [Fact]
    public async Task QueuedMessage_OfAnOfflineDomain_CanBeHeld_NotReleased_NorRetried()
    {
        var id = await SendAsync("bob@xyz.com", "Invoice");

        var cut = Open(id);

        Assert.True(Enabled(cut, "hold"));
        Assert.False(Enabled(cut, "release"));
        Assert.False(Enabled(cut, "retry"));
        Assert.Contains("xyz.com is offline", cut.Find("[data-testid=why-retry]").GetAttribute("title"));
        Assert.True(Enabled(cut, "return"));
        Assert.True(Enabled(cut, "delete"));
    }

    [Fact]
    public async Task HeldMessage_CanBeReleased_NotHeldAgain_NorRetried()
    {
        var id = await SendAsync("bob@xyz.com", "Invoice");
        await Engine.Services.GetRequiredService<IQueueAdmin>().HoldAsync(id, EngineHost.OperatorName);

        var cut = Open(id);
        var providers = RenderProviders();

        Assert.False(Enabled(cut, "hold"));
        Assert.Equal("already held", cut.Find("[data-testid=why-hold]").GetAttribute("title"));
        Assert.True(Enabled(cut, "release"));
        Assert.False(Enabled(cut, "retry"));
        Assert.Contains("release it first", cut.Find("[data-testid=why-retry]").GetAttribute("title"));

        cut.Find("[data-testid=action-release]").Click();
        providers.WaitForElement("[data-testid=yes-release]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.True(Enabled(cut, "hold"));
            Assert.False(Enabled(cut, "release"));
        });
    }

    [Fact]
    public async Task QueuedMessage_OfAnOnlineDomain_CanBeRetried()
    {
        // The rule itself: with the domain online, delivery would claim the message at once (and a message being
        // delivered rightly cannot be retried), so the page is not the place to catch the queued moment.
        var id = await SendAsync("bob@xyz.com", "Invoice");
        var message = Engine.Queue.Find(id)!;

        var online = DynamicMail.Web.Admin.MessageActionStates.For(message, online: true, DateTime.UtcNow);
        var offline = DynamicMail.Web.Admin.MessageActionStates.For(message, online: false, DateTime.UtcNow);

        Assert.Null(online.Retry);
        Assert.Contains("offline", offline.Retry, StringComparison.Ordinal);
    }
}
