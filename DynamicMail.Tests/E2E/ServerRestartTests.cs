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
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(string domain, DomainPresence? now)
        {
            if (domain == "xyz.com" && now is not null) { back.TrySetResult(); }
        }
        presence.Changed += OnChanged;
        try
        {
            // The page's reconnecting circuit registers the domain again: wait for the registry to say so.
            if (presence.Of("xyz.com") is null)
            {
                await back.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            presence.Changed -= OnChanged;
        }

        await using var smtp = await SmtpDialogue.ConnectAsync(second.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: after restart\r\n\r\nhi");
        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
    }
}
