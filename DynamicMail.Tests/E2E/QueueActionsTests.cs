using DynamicMail.Tests.TestSupport;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>The operator holds, releases, tries to retry and deletes a queued message; each step is in the audit log.</summary>
[Collection(nameof(E2ECollection))]
public sealed class QueueActionsTests : BrowserTest
{
    [Fact]
    public async Task HoldReleaseRetryDelete_AreConfirmedAndAudited()
    {
        var id = await Mail.SendAsync(App.Smtp, "alice@sender.example", "bob@xyz.com", "Quarterly report");
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var message = new MessagePage(page, App.BaseUrl);
        await message.OpenFromQueueAsync(id);
        await Assertions.Expect(page.GetByTestId("headers")).ToContainTextAsync("Subject: Quarterly report");
        await Assertions.Expect(page.GetByTestId("envelope")).ToContainTextAsync("plain SMTP (not encrypted)");

        await message.ActAsync("hold");
        await Assertions.Expect(message.Result).ToContainTextAsync("is held");
        await Assertions.Expect(message.RecipientState).ToHaveAttributeAsync("data-state", "Held");

        await message.ActAsync("release");
        await Assertions.Expect(message.Result).ToContainTextAsync("released");
        await Assertions.Expect(message.RecipientState).ToHaveAttributeAsync("data-state", "Queued");

        // Offline: "retry now" is not offered, and says why.
        await Assertions.Expect(message.Action("retry")).ToBeDisabledAsync();
        await Assertions.Expect(message.Why("retry")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("xyz.com is offline"));

        await message.ActAsync("delete");
        await Assertions.Expect(message.Result).ToContainTextAsync("deleted");
        await Assertions.Expect(message.Gone).ToBeVisibleAsync();
        Assert.Null(App.Services.GetService(typeof(DynamicMail.Smtp.Queue.IMailQueue)) is DynamicMail.Smtp.Queue.IMailQueue q ? q.Find(id) : null);

        var audit = new AuditPage(page, App.BaseUrl);
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
        var id = await Mail.SendAsync(App.Smtp, "alice@sender.example", "bob@xyz.com", "Not for us");
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var message = new MessagePage(page, App.BaseUrl);
        await message.OpenFromQueueAsync(id);

        await message.ActAsync("return");

        await Assertions.Expect(message.Result).ToContainTextAsync("returned to <alice@sender.example> with a DSN");
        await Assertions.Expect(message.Gone).ToBeVisibleAsync();
        var audit = new AuditPage(page, App.BaseUrl);
        await audit.OpenAsync();
        await Assertions.Expect(audit.Entry("message.returned")).ToContainTextAsync(id);
    }

    [Fact]
    public async Task Download_GivesTheExactStoredMessage()
    {
        var id = await Mail.SendAsync(App.Smtp, "alice@sender.example", "bob@xyz.com", "Download me");
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);
        var message = new MessagePage(page, App.BaseUrl);
        await message.OpenFromQueueAsync(id);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download").ClickAsync());
        var path = await download.PathAsync();

        Assert.Equal(id + ".eml", download.SuggestedFilename);
        var queue = (DynamicMail.Smtp.Queue.IMailQueue)App.Services.GetService(typeof(DynamicMail.Smtp.Queue.IMailQueue))!;
        Assert.Equal(queue.ReadContent(queue.Find(id)!), await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MessageThatArrivedOverStartTls_ShowsItsCipher()
    {
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        {
#pragma warning disable CA5359 // opportunistic TLS toward the test MX's self-signed certificate
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            await client.ConnectAsync(App.Smtp.Address.ToString(), App.Smtp.Port, MailKit.Security.SecureSocketOptions.StartTls, TestContext.Current.CancellationToken);
            var mime = new MimeKit.MimeMessage { Subject = "Encrypted on the way in", Body = new MimeKit.TextPart("plain") { Text = "hi" } };
            mime.From.Add(MimeKit.MailboxAddress.Parse("alice@sender.example"));
            mime.To.Add(MimeKit.MailboxAddress.Parse("bob@xyz.com"));
            await client.SendAsync(mime, TestContext.Current.CancellationToken);
        }
        var queue = (DynamicMail.Smtp.Queue.IMailQueue)App.Services.GetService(typeof(DynamicMail.Smtp.Queue.IMailQueue))!;
        var id = queue.ListDomain("xyz.com", 0, 100).Single(m => m.Subject == "Encrypted on the way in").Id;
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await new AdminLoginPage(page, App.BaseUrl).LoginAsync(EngineHost.OperatorName, EngineHost.OperatorPassword);

        await new MessagePage(page, App.BaseUrl).OpenFromQueueAsync(id);

        await Assertions.Expect(page.GetByTestId("envelope")).ToContainTextAsync("STARTTLS: TLSv1.3 with cipher TLS_");
    }
}
