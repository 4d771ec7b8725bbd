using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>The operator holds, releases, tries to retry and deletes a queued message; each step is in the audit log.</summary>
[Collection(nameof(E2ECollection))]
public sealed class QueueActionsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebAppHost _app = null!;
    private Browser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, deliveryPort: 2525);
        _browser = await Browser.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task HoldReleaseRetryDelete_AreConfirmedAndAudited()
    {
        var id = await Mail.SendAsync(_app.Smtp, "alice@sender.example", "bob@xyz.com", "Quarterly report");
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, _app.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var message = new MessagePage(page, _app.BaseUrl);
        await message.OpenFromQueueAsync(id);
        await Assertions.Expect(page.GetByTestId("headers")).ToContainTextAsync("Subject: Quarterly report");

        await message.ActAsync("hold");
        await Assertions.Expect(message.Result).ToContainTextAsync("is held");
        await Assertions.Expect(message.RecipientState).ToHaveAttributeAsync("data-state", "Held");

        await message.ActAsync("release");
        await Assertions.Expect(message.Result).ToContainTextAsync("released");
        await Assertions.Expect(message.RecipientState).ToHaveAttributeAsync("data-state", "Queued");

        await message.ActAsync("retry");
        await Assertions.Expect(message.Result).ToContainTextAsync("xyz.com is offline");

        await message.ActAsync("delete");
        await Assertions.Expect(message.Result).ToContainTextAsync("deleted");
        await Assertions.Expect(message.Gone).ToBeVisibleAsync();
        Assert.Null(_app.Services.GetService(typeof(DynamicMail.Smtp.Queue.IMailQueue)) is DynamicMail.Smtp.Queue.IMailQueue q ? q.Find(id) : null);

        var audit = new AuditPage(page, _app.BaseUrl);
        await audit.OpenAsync();
        foreach (var action in new[] { "message.held", "message.released", "message.deleted" })
        {
            await Assertions.Expect(audit.Entry(action)).ToContainTextAsync(EngineHost.OperatorName);
            await Assertions.Expect(audit.Entry(action)).ToContainTextAsync(id);
        }
        await Assertions.Expect(audit.Entry("message.retried")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ReturnToSender_IsConfirmedAndAudited()
    {
        var id = await Mail.SendAsync(_app.Smtp, "alice@sender.example", "bob@xyz.com", "Not for us");
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, _app.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var message = new MessagePage(page, _app.BaseUrl);
        await message.OpenFromQueueAsync(id);

        await message.ActAsync("return");

        await Assertions.Expect(message.Result).ToContainTextAsync("returned to <alice@sender.example> with a DSN");
        await Assertions.Expect(message.Gone).ToBeVisibleAsync();
        var audit = new AuditPage(page, _app.BaseUrl);
        await audit.OpenAsync();
        await Assertions.Expect(audit.Entry("message.returned")).ToContainTextAsync(id);
    }

    [Fact]
    public async Task Download_GivesTheExactStoredMessage()
    {
        var id = await Mail.SendAsync(_app.Smtp, "alice@sender.example", "bob@xyz.com", "Download me");
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, _app.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var message = new MessagePage(page, _app.BaseUrl);
        await message.OpenFromQueueAsync(id);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download").ClickAsync());
        var path = await download.PathAsync();

        Assert.Equal(id + ".eml", download.SuggestedFilename);
        var queue = (DynamicMail.Smtp.Queue.IMailQueue)_app.Services.GetService(typeof(DynamicMail.Smtp.Queue.IMailQueue))!;
        Assert.Equal(queue.ReadContent(queue.Find(id)!), await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }
}
