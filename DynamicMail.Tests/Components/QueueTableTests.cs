using Bunit;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>The queue grid over the real queue: search, server-side paging with totals, live arrivals, clickable rows.</summary>
public sealed class QueueTableTests : ConsoleContext
{
    internal static List<string?> Ids(IRenderedComponent<QueueTable> cut) =>
        cut.FindAll("[data-testid=queue-row]").Select(r => r.GetAttribute("data-id")).ToList();

    internal static void Search(IRenderedComponent<QueueTable> cut, string text)
    {
        cut.Find("[data-testid=queue-search]").Input(text);
        cut.Find("[data-testid=queue-filters]").Submit();
    }

    private static string Total(IRenderedComponent<QueueTable> cut) => cut.Find("[data-testid=queue-total]").TextContent;

    [Fact]
    public async Task Search_NarrowsTheList_AndTheTotal()
    {
        var invoice = await SendAsync("bob@xyz.com", "Invoice 7", "billing@shop.example");
        await SendAsync("carol@abc.org", "Hello", "friend@home.example");
        var cut = Render<QueueTable>();
        cut.WaitForAssertion(() => Assert.Equal(2, Ids(cut).Count));
        Assert.Equal("2 messages match", Total(cut));

        Search(cut, "invoice");

        cut.WaitForAssertion(() => Assert.Equal([invoice], Ids(cut)));
        Assert.Equal("1 message matches", Total(cut));
        Search(cut, "domain:abc.org state:held");
        cut.WaitForAssertion(() => Assert.Equal("No queued message matches.", cut.Find("[data-testid=queue-empty]").TextContent));
        Assert.Equal("0 messages match", Total(cut));
    }

    [Fact]
    public async Task BadSearch_SaysWhy_AndKeepsTheList()
    {
        await SendAsync("bob@xyz.com", "Invoice");
        var cut = Render<QueueTable>();
        cut.WaitForAssertion(() => Assert.Single(Ids(cut)));

        Search(cut, "colour:blue");

        cut.WaitForAssertion(() => Assert.Contains("Unknown search key \"colour:\"", cut.Markup, StringComparison.Ordinal));
        Assert.Single(Ids(cut));
    }

    [Fact]
    public async Task Paging_IsServerSide_WithTheTotal_ForwardAndBack()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SendAsync("bob@xyz.com", $"m{i}"));
        }
        var cut = Render<QueueTable>(p => p.Add(c => c.PageSize, 2));

        cut.WaitForAssertion(() => Assert.Equal(ids.Take(2), Ids(cut)));
        Assert.Contains("1–2 of 5", cut.Find("[data-testid=queue-pager]").TextContent, StringComparison.Ordinal);
        NextPage(cut).Click();
        cut.WaitForAssertion(() => Assert.Equal(ids.Skip(2).Take(2), Ids(cut)));
        NextPage(cut).Click();
        cut.WaitForAssertion(() => Assert.Equal(ids.Skip(4), Ids(cut)));
        Assert.True(NextPage(cut).HasAttribute("disabled"));
        cut.Find("button[aria-label='Previous page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(ids.Skip(2).Take(2), Ids(cut)));
        cut.Find("button[aria-label='First page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(ids.Take(2), Ids(cut)));
        cut.Find("button[aria-label='Last page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(ids.Skip(4), Ids(cut)));
    }

    [Fact]
    public async Task NewMail_AppearsWithoutReload_AndCounts()
    {
        var cut = Render<QueueTable>();
        cut.WaitForAssertion(() => Assert.Equal("The queue is empty: every message has been delivered or returned.", cut.Find("[data-testid=queue-empty]").TextContent));

        var id = await SendAsync("bob@xyz.com", "live");

        cut.WaitForAssertion(() => Assert.Equal([id], Ids(cut)), TimeSpan.FromSeconds(5));
        Assert.Equal("1 message matches", Total(cut));
        Assert.Equal("Queued", cut.Find("[data-testid=state]").TextContent);
    }

    [Fact]
    public async Task ClickingARow_OpensItsMessage()
    {
        var id = await SendAsync("bob@xyz.com", "Open me");
        var cut = Render<QueueTable>();
        cut.WaitForAssertion(() => Assert.Single(Ids(cut)));

        cut.Find("[data-testid=sender]").Click();

        Assert.EndsWith($"/admin/queue/{id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal($"/admin/queue/{id}", cut.Find("[data-testid=open-message]").GetAttribute("href"));
    }

    private static AngleSharp.Dom.IElement NextPage(IRenderedComponent<QueueTable> cut) => cut.Find("button[aria-label='Next page']");
}
