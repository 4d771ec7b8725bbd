using Bunit;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>
/// Bulk actions in the queue view over real queued mail: search, the count, a dialog stating it, the background run,
/// the result in a snackbar and a live region; exactly the matching messages change.
/// </summary>
public sealed class QueueBulkActionsTests : ConsoleContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>At most 50 messages per action: the delete below matches exactly 50, the refusal test 51.</summary>
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["DynamicMail:Queue:MaxBulkMatched"] = "50" };

    private async Task QueueAsync(string from, int count)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        for (var i = 0; i < count; i++)
        {
            var reply = await smtp.SendMessageAsync(from, ["bob@xyz.com"], $"From: <{from}>\r\nSubject: Offer {i}\r\n\r\nbody {i}");
            Assert.StartsWith("250", reply);
        }
    }

    private async Task<IReadOnlyList<QueuedMessage>> QueuedAsync() =>
        (await Engine.Services.GetRequiredService<IQueueAdmin>().BrowseAsync(new QueueFilter(), null, 1000, Xunit.TestContext.Current.CancellationToken)).Items;

    [Fact]
    public async Task BulkDelete_BySender_OverAHundredQueued_DeletesExactlyTheFiftyMatching()
    {
        await QueueAsync("spammer@junk.example", 50);
        await QueueAsync("alice@sender.example", 50);
        var providers = RenderProviders();
        var cut = Render<QueueTable>();
        cut.WaitForAssertion(() => Assert.Equal("100 messages match", cut.Find("[data-testid=queue-total]").TextContent), Wait);

        QueueTableTests.Search(cut, "from:spammer@junk.example");
        cut.WaitForAssertion(() => Assert.Equal("50 messages match", cut.Find("[data-testid=queue-total]").TextContent), Wait);
        cut.Find("[data-testid=bulk-delete]").Click();

        providers.WaitForAssertion(() => Assert.Contains("Delete 50 messages matching “from:spammer@junk.example”",
            providers.Find("[data-testid=confirm-question]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal("Delete 50 messages", providers.Find("[data-testid=yes-bulk-delete]").TextContent.Trim());
        providers.Find("[data-testid=yes-bulk-delete]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Deleted 50 of 50 messages.", cut.Find("[data-testid=bulk-result]").TextContent.Trim()),
            Wait);
        providers.WaitForAssertion(() => Assert.Contains("Deleted 50 of 50 messages.", providers.Markup, StringComparison.Ordinal));
        var left = await QueuedAsync();
        Assert.Equal(50, left.Count);
        Assert.All(left, m => Assert.Equal("alice@sender.example", m.Sender));
        cut.WaitForAssertion(() => Assert.Equal("0 messages match", cut.Find("[data-testid=queue-total]").TextContent), Wait);
        var audit = await Engine.Services.GetRequiredService<IAuditLog>().RecentAsync(10, null, Xunit.TestContext.Current.CancellationToken);
        var entry = Assert.Single(audit, e => e.Action == "queue.bulk.delete");
        Assert.Equal(EngineHost.OperatorName, entry.Operator);
    }

    [Fact]
    public async Task BulkHold_ThenRelease_ChangeOnlyTheMatching_AndCancelChangesNothing()
    {
        await QueueAsync("spammer@junk.example", 3);
        await QueueAsync("alice@sender.example", 2);
        var providers = RenderProviders();
        var cut = Render<QueueTable>();
        QueueTableTests.Search(cut, "from:spammer");
        cut.WaitForAssertion(() => Assert.Equal("3 messages match", cut.Find("[data-testid=queue-total]").TextContent), Wait);

        cut.Find("[data-testid=bulk-delete]").Click();
        providers.WaitForElement("[data-testid=no-bulk-delete]", Wait).Click();
        cut.Find("[data-testid=bulk-hold]").Click();
        providers.WaitForElement("[data-testid=yes-bulk-hold]", Wait).Click();

        cut.WaitForAssertion(() => Assert.Equal("Held 3 of 3 messages.", cut.Find("[data-testid=bulk-result]").TextContent.Trim()), Wait);
        var queued = await QueuedAsync();
        Assert.Equal(5, queued.Count);
        Assert.Equal(3, queued.Count(m => m.Recipients.All(r => r.State == RecipientState.Held)));
        Assert.All(queued.Where(m => m.Sender.StartsWith("alice", StringComparison.Ordinal)), m => Assert.Equal(RecipientState.Queued, m.Recipients[0].State));

        QueueTableTests.Search(cut, "state:held");
        cut.WaitForAssertion(() => Assert.Equal("3 messages match", cut.Find("[data-testid=queue-total]").TextContent), Wait);
        cut.Find("[data-testid=bulk-release]").Click();
        providers.WaitForElement("[data-testid=yes-bulk-release]", Wait).Click();
        cut.WaitForAssertion(() => Assert.Equal("Released 3 of 3 messages.", cut.Find("[data-testid=bulk-result]").TextContent.Trim()), Wait);
        Assert.DoesNotContain(await QueuedAsync(), m => m.Recipients.Exists(r => r.State == RecipientState.Held));
    }

    [Fact]
    public async Task BulkAction_OverTheCap_IsRefusedWithTheCount_BeforeAnyConfirmation()
    {
        await QueueAsync("spammer@junk.example", 51);
        var providers = RenderProviders();
        var cut = Render<QueueTable>();
        QueueTableTests.Search(cut, "from:spammer@junk.example");
        cut.WaitForAssertion(() => Assert.Equal("51 messages match", cut.Find("[data-testid=queue-total]").TextContent), Wait);

        cut.Find("[data-testid=bulk-delete]").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("The filter matches 51 messages; a bulk action takes at most 50 messages.",
            cut.Find("[data-testid=bulk-result]").TextContent.Trim(), StringComparison.Ordinal), Wait);
        Assert.Contains("at most 50", cut.Find("[data-testid=bulk-result] [role=alert]").TextContent, StringComparison.Ordinal);
        providers.WaitForAssertion(() =>
            Assert.Contains("a bulk action takes at most 50 messages", providers.Markup, StringComparison.Ordinal));
        Assert.Empty(providers.FindAll("[data-testid=yes-bulk-delete]"));
        Assert.Equal(51, (await QueuedAsync()).Count);
        var audit = await Engine.Services.GetRequiredService<IAuditLog>().RecentAsync(10, null, Xunit.TestContext.Current.CancellationToken);
        Assert.DoesNotContain(audit, e => e.Action.StartsWith("queue.bulk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutASearch_BulkActionsAreOff_AndSaySo()
    {
        await QueueAsync("alice@sender.example", 1);
        var cut = Render<QueueTable>();
        cut.WaitForAssertion(() => Assert.Equal("1 message matches", cut.Find("[data-testid=queue-total]").TextContent), Wait);

        Assert.All(cut.FindAll("[data-testid^=bulk-]").Where(b => b.TagName == "BUTTON"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("Search first", cut.Find("[data-testid=bulk-actions]").TextContent, StringComparison.Ordinal);
    }
}
