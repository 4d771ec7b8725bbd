using Bunit;
using DynamicMail.Smtp.Auth;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace DynamicMail.Tests.Components;

/// <summary>The verdict chips of the message page and the customer's list, and the ARC key record of the console.</summary>
public sealed class SenderVerdictTests : BunitContext
{
    private readonly TempDirectory _dir = new();

    public SenderVerdictTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Verdict_ShowsOneChipPerMethod_WithItsResult()
    {
        var cut = Render<SenderVerdict>(p => p.Add(c => c.Verdict,
            "spf=pass smtp.mailfrom=a@x.example; dkim=fail header.d=x.example header.s=s; dmarc=fail (p=quarantine) header.from=x.example; arc=none"));

        var chips = cut.FindAll("[data-method]");
        Assert.Equal(["spf", "dkim", "dmarc", "arc"], chips.Select(c => c.GetAttribute("data-method")));
        Assert.Equal(["pass", "fail", "fail", "none"], chips.Select(c => c.GetAttribute("data-result")));
        Assert.Contains("header.d=x.example", chips[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingVerdict_SaysNotChecked_AndHostileTextIsOnlyText()
    {
        Assert.Equal("unchecked", Render<SenderVerdict>(p => p.Add(c => c.Verdict, null)).Find("[data-testid=auth-verdict]").GetAttribute("data-state"));

        var cut = Render<SenderVerdict>(p => p.Add(c => c.Verdict, "spf=<script>alert(1)</script>; ;;; =; dkim"));

        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void ArcKeyRecord_ShowsTheTxtRecordToPublish()
    {
        Services.AddSingleton(new ArcKeys(Options.Create(new AuthOptions()), Options.Create(new SmtpOptions { Hostname = "mx.test" }),
            Options.Create(new StoreOptions { DataDirectory = _dir.Path })));

        var cut = Render<ArcKeyRecord>();

        Assert.Equal("dynamicmail", cut.Find("[data-testid=arc-selector]").TextContent);
        Assert.Equal("dynamicmail._domainkey.mx.test. TXT", cut.Find("[data-testid=arc-record-name]").TextContent);
        Assert.StartsWith("\"v=DKIM1; k=rsa; p=MII", cut.Find("[data-testid=arc-record-value]").TextContent, StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _dir.Dispose();
    }
}
