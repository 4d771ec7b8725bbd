using System.Security.Cryptography;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// Pinning in Chromium (issue #18): the customer logs in, mail goes to a TLS sink, one click pins the certificate
/// seen; a server with another certificate at the same address then gets nothing and the page says why.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class PinCertificateTests : BrowserTest
{
    [Fact]
    public async Task PinnedCertificate_ThenAnotherCertificate_PausesDeliveryWithAClearStatus()
    {
        var first = ScriptedSmtpServer.SelfSigned();
        Sink.Certificate = first;
        await SendAsync("m1");
        var page = new MailServerPage(await (await Browser.NewContextAsync()).NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        await Assertions.Expect(page.ProgressText).ToHaveTextAsync("1 of 1 delivered", new() { Timeout = 20000 });

        await page.Page.GetByTestId("pin-certificate").ClickAsync();

        await Assertions.Expect(page.Page.GetByTestId("pinned")).ToBeVisibleAsync();
        var pinned = Convert.ToHexString(SHA256.HashData(first.RawData));
        Assert.Equal(pinned, App.Services.GetRequiredService<DynamicMail.Smtp.Domains.IDomainDirectory>().FindByName("xyz.com")!.TlsFingerprint);

        // Another machine (another certificate) answers at the customer's address from now on.
        Sink.Certificate = ScriptedSmtpServer.SelfSigned();
        await page.Page.ReloadAsync();
        await SendAsync("m2");

        await Assertions.Expect(page.Status).ToHaveAttributeAsync("data-state", "Paused", new() { Timeout = 20000 });
        await Assertions.Expect(page.Status).ToContainTextAsync("does not match the pinned fingerprint", new() { Timeout = 20000 });
        Assert.DoesNotContain(Sink.Messages, m => m.Content.Contains("Subject: m2", StringComparison.Ordinal));
    }

    private async Task SendAsync(string subject)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(App.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], $"Subject: {subject}\r\n\r\nbody"));
    }
}
