using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>Page objects for /admin/queue and /admin/queue/{id}: the list, one message and its confirmed actions.</summary>
public sealed class MessagePage(IPage page, string baseUrl)
{
    public ILocator Result => page.GetByTestId("action-result");
    public ILocator RecipientState => page.GetByTestId("recipient").First;
    public ILocator Gone => page.GetByTestId("message-gone");

    public ILocator Action(string action) => page.GetByTestId("action-" + action);

    /// <summary>The wrapper whose title says why an action is off.</summary>
    public ILocator Why(string action) => page.GetByTestId("why-" + action);

    public async Task OpenFromQueueAsync(string id)
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/admin/queue");
        await page.Locator($"[data-testid=queue-row][data-id='{id}'] [data-testid=open-message]").ClickAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByTestId("message-actions")).ToBeVisibleAsync(new() { Timeout = 15000 });
    }

    /// <summary>Clicks an action (hold, release, retry, return, delete) and confirms it.</summary>
    public async Task ActAsync(string action)
    {
        await page.GetByTestId("action-" + action).ClickAsync();
        await page.GetByTestId("yes-" + action).ClickAsync();
    }
}
