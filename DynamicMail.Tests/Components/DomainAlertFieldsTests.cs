using Bunit;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>The alert fields of the domain form (issue #18): webhook URL and its secret, the in-domain contact warning, the alerts sent.</summary>
public sealed class DomainAlertFieldsTests : ConsoleContext
{
    private IRenderedComponent<DomainForm> RenderForm(string domain = "xyz.com") =>
        Render<DomainForm>(p => p.Add(c => c.Existing, Engine.Domains.FindByName(domain)).Add(c => c.OnDone, (string? _) => { }));

    [Fact]
    public void ContactInsideTheDomain_IsWarnedAbout_WhileTyping()
    {
        var cut = RenderForm();
        Assert.Empty(cut.FindAll("[data-testid=contact-inside]"));

        cut.Find("#dm-contact").Input("postmaster@XYZ.com");
        Assert.Contains("inside the domain itself", cut.Find("[data-testid=contact-inside]").TextContent, StringComparison.Ordinal);

        cut.Find("#dm-contact").Input("ops@elsewhere.example");
        Assert.Empty(cut.FindAll("[data-testid=contact-inside]"));
    }

    [Fact]
    public void InternalWebhookUrl_IsRefusedNextToTheField_AndNothingIsStored()
    {
        var cut = RenderForm();
        cut.Find("#dm-webhook").Input("http://169.254.169.254/latest/meta-data/");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("public address",
            cut.Find("#dm-webhook").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text")?.TextContent ?? "", StringComparison.Ordinal));
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.WebhookUrl);
    }

    [Fact]
    public async Task SavedWebhook_ShowsItsSecret_AndTheAlertsSentAreListed()
    {
        var cut = RenderForm();
        cut.Find("#dm-webhook").Input("https://hooks.example.com/dm");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.NotNull(Engine.Domains.FindByName("xyz.com")!.WebhookSecret));
        var secret = Engine.Domains.FindByName("xyz.com")!.WebhookSecret!;
        Assert.Equal("None yet.", cut.Find("[data-testid=no-alerts]").TextContent);

        var edit = RenderForm();
        Assert.Equal(secret, edit.Find("#dm-webhook-secret").GetAttribute("value"));
        var store = Engine.Services.GetRequiredService<IAlertStore>();
        var at = new DateTime(2026, 5, 1, 7, 30, 0, DateTimeKind.Utc);
        Assert.True(await store.TryRecordAsync(new AlertRecord("a1", "xyz.com", AlertKind.MailWaiting, at, "3 messages for xyz.com waiting to be collected",
            "text", "ops@elsewhere.example", null, "delivered (HTTP 200 OK) after 1 attempt"), at.AddDays(-1), null));
        Engine.Services.GetRequiredService<DynamicMail.Smtp.Events.IMailEvents>().Publish(
            new DynamicMail.Smtp.Events.AlertSent("xyz.com", at, "a1", "MailWaiting", false));

        edit.WaitForAssertion(() =>
        {
            var row = edit.Find("[data-testid=alert-row]");
            Assert.Contains("2026-05-01 07:30", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("3 messages for xyz.com waiting", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("to ops@elsewhere.example", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("delivered", row.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ConsolePin_PinsTheCertificateOfTheLiveSession_AndTheOpenFormKeepsIt()
    {
        var fingerprint = new string('A', 64);
        var board = Engine.Services.GetRequiredService<DynamicMail.Smtp.Delivery.DomainStatusBoard>();
        board.SessionStarted("xyz.com", new DynamicMail.Smtp.Delivery.DeliveryTarget("127.0.0.1", 2525));
        var cut = RenderForm();
        Assert.Empty(cut.FindAll("[data-testid=console-pin]"));

        board.Delivering("xyz.com", "m1", "alice@sender.example", 10, new DynamicMail.Smtp.Delivery.TlsState(true, "Tls13", fingerprint));
        cut.WaitForAssertion(() => Assert.Equal(fingerprint, cut.Find("[data-testid=seen-fingerprint]").TextContent));
        cut.Find("[data-testid=pin-certificate]").Click();

        cut.WaitForAssertion(() => Assert.Equal(fingerprint, Engine.Domains.FindByName("xyz.com")!.TlsFingerprint));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=pinned]")));
        Assert.Equal(fingerprint, cut.Find("#dm-tls").GetAttribute("value"));
    }
}
