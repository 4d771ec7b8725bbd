using Bunit;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;

namespace DynamicMail.Tests.Components;

/// <summary>The queue browser over the real queue: filters, keyset paging, live arrivals.</summary>
public sealed class QueueTableTests : ConsoleContext
{
    private static List<string?> Ids(IRenderedComponent<QueueTable> cut) => cut.FindAll("[data-testid=queue-row]").Select(r => r.GetAttribute("data-id")).ToList();

    [Fact]
    public async Task Filters_NarrowTheList()
    {
        var invoice = await SendAsync("bob@xyz.com", "Invoice 7", "billing@shop.example");
        await SendAsync("carol@abc.org", "Hello", "friend@home.example");
        var cut = Render<QueueTable>();
        Assert.Equal(2, Ids(cut).Count);

        cut.Find("[data-testid=filter-subject]").Input("invoice");
        cut.Find("[data-testid=queue-filters]").Submit();

        Assert.Equal([invoice], Ids(cut));
        cut.Find("[data-testid=filter-subject]").Input("");
        cut.Find("[data-testid=filter-domain]").Input("abc.org");
        cut.Find("[data-testid=filter-state]").Change("Held");
        cut.Find("[data-testid=queue-filters]").Submit();
        Assert.Contains("No queued message matches.", cut.Find("[data-testid=queue-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_MovesForwardAndBack()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SendAsync("bob@xyz.com", $"m{i}"));
        }
        var cut = Render<QueueTable>(p => p.Add(c => c.PageSize, 2));

        Assert.Equal(ids.Take(2), Ids(cut));
        cut.Find("[data-testid=queue-next]").Click();
        Assert.Equal(ids.Skip(2).Take(2), Ids(cut));
        cut.Find("[data-testid=queue-next]").Click();
        Assert.Equal(ids.Skip(4), Ids(cut));
        Assert.True(cut.Find("[data-testid=queue-next]").HasAttribute("disabled"));
        cut.Find("[data-testid=queue-previous]").Click();
        Assert.Equal(ids.Skip(2).Take(2), Ids(cut));
    }

    [Fact]
    public async Task NewMail_AppearsWithoutReload()
    {
        var cut = Render<QueueTable>();
        Assert.Empty(Ids(cut));

        var id = await SendAsync("bob@xyz.com", "live");

        cut.WaitForAssertion(() => Assert.Equal([id], Ids(cut)), TimeSpan.FromSeconds(3));
        Assert.Equal("Queued", cut.Find("[data-testid=queue-row] [data-testid=state]").TextContent);
    }
}
