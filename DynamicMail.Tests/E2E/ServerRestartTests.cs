using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.E2E;

/// <summary>An upgrade restarts the server under an open page: the page comes back by itself and delivery resumes.</summary>
[Collection(nameof(E2ECollection))]
public sealed class ServerRestartTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private Browser _browser = null!;

    public async ValueTask InitializeAsync() => _browser = await Browser.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task OpenPage_ResumesDeliveryAfterARestart()
    {
        var port = WebAppHost.FreePort();
        var first = new WebAppHost(_dir.Path, _sink.Port, webPort: port);
        var context = await _browser.NewContextAsync();
        var page = new MailServerPage(await context.NewPageAsync(), first.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await page.WaitForSessionAsync();
        await first.DisposeAsync();

        await using var second = new WebAppHost(_dir.Path, _sink.Port, webPort: port);
        var presence = second.Services.GetRequiredService<PresenceRegistry>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (presence.Of("xyz.com") is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the page did not come back after the restart");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await using var smtp = await SmtpDialogue.ConnectAsync(second.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: after restart\r\n\r\nhi");
        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
    }
}
