using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The console's grids in Chromium: the queue pages on the server with its total, a whole row opens its message (the
/// link in it by keyboard), bulk delete by search with a dialog, progress and a snackbar; the domain list shows
/// presence and the customer's address; a MudSelect works in the console; at 390 px the grids become cards.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class ConsoleGridTests : BrowserTest
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private async Task<List<string>> QueueAsync(string from, int count)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(App.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var reply = await smtp.SendMessageAsync(from, ["bob@xyz.com"], $"From: <{from}>\r\nSubject: Offer {i}\r\n\r\nbody {i}");
            ids.Add(QueueReading.QueueId(reply));
        }
        return ids;
    }

    private async Task<IPage> LoginAsync(ViewportSize? viewport = null)
    {
        var page = await (await Browser.NewContextAsync(viewport)).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        await Assertions.Expect(page.GetByTestId("domain-table").First).ToBeVisibleAsync(new() { Timeout = 15000 });
        return page;
    }

    [Fact]
    public async Task QueueGrid_PagesWithTotal_AndARowOpensItsMessage_ByMouseAndKeyboard()
    {
        var ids = await QueueAsync("alice@sender.example", 30);
        var page = await LoginAsync();
        var queue = new QueuePage(page, App.BaseUrl);
        await queue.OpenAsync();

        await Assertions.Expect(queue.Total).ToHaveTextAsync("30 messages match");
        await Assertions.Expect(queue.Rows).ToHaveCountAsync(25);
        await Assertions.Expect(queue.Pager).ToContainTextAsync("1–25 of 30");
        await queue.NextPage.ClickAsync();
        await Assertions.Expect(queue.Rows).ToHaveCountAsync(5);
        await Assertions.Expect(queue.Pager).ToContainTextAsync("26–30 of 30");

        await queue.Row(ids[27]).GetByTestId("sender").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message-actions")).ToBeVisibleAsync(new() { Timeout = 15000 });
        Assert.EndsWith($"/admin/queue/{ids[27]}", page.Url, StringComparison.Ordinal);

        await queue.OpenAsync();
        await queue.Row(ids[0]).GetByTestId("open-message").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("message-actions")).ToBeVisibleAsync(new() { Timeout = 15000 });
        Assert.EndsWith($"/admin/queue/{ids[0]}", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkDelete_BySearch_AsksWithTheCount_ShowsTheResult_AndDeletesOnlyTheMatching()
    {
        await QueueAsync("spammer@junk.example", 10);
        var kept = await QueueAsync("alice@sender.example", 10);
        var page = await LoginAsync();
        var queue = new QueuePage(page, App.BaseUrl);
        await queue.OpenAsync();
        await Assertions.Expect(queue.Total).ToHaveTextAsync("20 messages match");

        await queue.SearchAsync("from:spammer@junk.example");
        await Assertions.Expect(queue.Total).ToHaveTextAsync("10 messages match");
        await queue.BulkAsync("delete");
        await Assertions.Expect(queue.Dialog).ToContainTextAsync("Delete 10 messages matching “from:spammer@junk.example”");
        await queue.ConfirmAsync("delete");

        await Assertions.Expect(queue.BulkResult).ToHaveTextAsync("Deleted 10 of 10 messages.", new() { Timeout = 15000 });
        await Assertions.Expect(queue.Snackbars.Filter(new() { HasText = "Deleted 10 of 10 messages." })).ToBeVisibleAsync();
        await Assertions.Expect(queue.Total).ToHaveTextAsync("0 messages match", new() { Timeout = 15000 });
        var left = (await App.Services.GetRequiredService<DynamicMail.Smtp.Queue.IQueueAdmin>()
            .BrowseAsync(new DynamicMail.Smtp.Queue.QueueFilter(), null, 100, TestContext.Current.CancellationToken)).Items;
        Assert.Equal(kept, left.Select(m => m.Id));
    }

    [Fact]
    public async Task DomainList_ShowsPresenceAndTheCustomerUrl_AndARowOpensTheDomain()
    {
        var page = await LoginAsync();
        await page.GotoAsync($"{App.BaseUrl.TrimEnd('/')}/admin/domains");
        var row = page.Locator("tr:has([data-testid=domains-row][data-domain='xyz.com'])");

        await Assertions.Expect(row.GetByTestId("domain-online")).ToHaveTextAsync("Offline", new() { Timeout = 15000 });
        await Assertions.Expect(row.GetByTestId("domain-url")).ToHaveTextAsync("/mailserver/xyz");
        await Assertions.Expect(row.GetByTestId("copy-domain-url")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("domains-total")).ToHaveTextAsync("2 of 2 domains, 0 online");

        await row.Locator("td").Last.ClickAsync();
        await Assertions.Expect(page.GetByTestId("domain-form")).ToContainTextAsync("Edit xyz.com");
    }

    [Fact]
    public async Task DashboardSelect_OpensAndFilters()
    {
        var page = await LoginAsync();

        await page.GetByTestId("domain-show").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Offline" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("domain-row")).ToHaveCountAsync(2);
        await page.GetByTestId("domain-show").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Online", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("domain-row")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OnAPhone_TheGridsAreCards_AndThePageNeverScrollsSideways()
    {
        await QueueAsync("a.very.long.sender.address.that.would.widen.a.table@some-long-subdomain.sender.example", 3);
        var page = await LoginAsync(Phone);
        var queue = new QueuePage(page, App.BaseUrl);
        await queue.OpenAsync();
        await Assertions.Expect(queue.Rows).ToHaveCountAsync(3);
        await AssertNoSidewaysScrollAsync(page, "queue");
        Assert.Equal("flex", await page.GetByTestId("sender").First.EvaluateAsync<string>("e => getComputedStyle(e).display"));

        await page.GotoAsync($"{App.BaseUrl.TrimEnd('/')}/admin/domains");
        await Assertions.Expect(page.GetByTestId("domains-row").First).ToBeVisibleAsync(new() { Timeout = 15000 });
        await AssertNoSidewaysScrollAsync(page, "domains");
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string name)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{name}: page is {widths[0]} px wide in a {widths[1]} px window");
    }
}
