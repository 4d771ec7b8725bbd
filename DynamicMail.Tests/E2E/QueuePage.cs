using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page object for /admin/queue: the search, the total, the grid with its pager, bulk actions and their dialog.</summary>
public sealed class QueuePage(IPage page, string baseUrl)
{
    public ILocator Total => page.GetByTestId("queue-total");
    public ILocator Rows => page.GetByTestId("queue-row");
    public ILocator Pager => page.GetByTestId("queue-pager");
    public ILocator Dialog => page.GetByTestId("confirm-dialog");
    public ILocator BulkResult => page.GetByTestId("bulk-result");
    public ILocator Snackbars => page.Locator(".mud-snackbar");

    public async Task OpenAsync()
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin/queue");
        await Assertions.Expect(page.GetByTestId("queue-search")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    public async Task SearchAsync(string text)
    {
        await page.GetByTestId("queue-search").FillAsync(text);
        await page.GetByTestId("queue-search").PressAsync("Enter");
    }

    public ILocator Row(string id) => page.Locator($"tr:has([data-testid=queue-row][data-id='{id}'])");

    public ILocator NextPage => page.GetByRole(AriaRole.Button, new() { Name = "Next page" });

    /// <summary>Clicks a bulk action (hold, release, retry, return, delete); the dialog that asks opens.</summary>
    public async Task BulkAsync(string action)
    {
        await page.GetByTestId("bulk-" + action).ClickAsync();
        await Assertions.Expect(Dialog).ToBeVisibleAsync();
    }

    public Task ConfirmAsync(string action) => page.GetByTestId("yes-bulk-" + action).ClickAsync();
}
