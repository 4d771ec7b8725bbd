using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Auth;

/// <summary>DKIM (MimeKit's verifier, keys from the loopback DNS server) and DMARC alignment and policy at the end of DATA.</summary>
public sealed class DkimDmarcTests : SenderAuthTest
{
    [Fact]
    public async Task SignedMessage_WithItsKeyPublished_PassesDkim()
    {
        PublishKey("signed.example");

        var (entry, stored, _) = await SendAndStoreAsync("a@signed.example", Text(SignedBy(NewMessage("a@signed.example", "signed"), "signed.example")));

        Assert.Contains("dkim=pass header.d=signed.example header.s=sel", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
        Assert.Contains("dkim=pass", entry.Auth, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedMessage_WhoseBodyChangedOnTheWay_FailsDkim()
    {
        PublishKey("signed.example");
        var text = Text(SignedBy(NewMessage("a@signed.example", "changed", "The original body.\r\n"), "signed.example"));

        var (_, stored, _) = await SendAndStoreAsync("a@signed.example", text.Replace("original", "tampered", StringComparison.Ordinal));

        Assert.Contains("dkim=fail header.d=signed.example", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedMessage_WhoseKeyIsNotPublished_IsPermerror()
    {
        Dns.Txt["signed.example"] = ["v=spf1 -all"];

        var (_, stored, _) = await SendAndStoreAsync("a@signed.example", Text(SignedBy(NewMessage("a@signed.example", "no key"), "signed.example", "gone")));

        Assert.Contains("dkim=permerror header.d=signed.example header.s=gone", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dmarc_PassesBySpfAlignment_RelaxedAcrossSubdomains()
    {
        Dns.Txt["bounces.aligned.example"] = ["v=spf1 ip4:127.0.0.1 -all"];
        Dns.Txt["_dmarc.aligned.example"] = ["v=DMARC1; p=reject"];

        var (_, stored, _) = await SendAndStoreAsync("b@bounces.aligned.example", Text(NewMessage("a@aligned.example", "spf aligned")));

        var results = Assert.Single(OurResults(stored));
        Assert.Contains("spf=pass", results, StringComparison.Ordinal);
        Assert.Contains("dmarc=pass (p=reject) header.from=aligned.example", results, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dmarc_PassesByDkimAlignment_WhenSpfFails()
    {
        Dns.Txt["other.example"] = ["v=spf1 -all"];
        Dns.Txt["_dmarc.dkim.example"] = ["v=DMARC1; p=reject; adkim=s"];
        PublishKey("dkim.example");

        var (_, stored, _) = await SendAndStoreAsync("x@other.example", Text(SignedBy(NewMessage("a@dkim.example", "dkim aligned"), "dkim.example")));

        var results = Assert.Single(OurResults(stored));
        Assert.Contains("spf=fail", results, StringComparison.Ordinal);
        Assert.Contains("dmarc=pass", results, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dmarc_FailingWithPolicyReject_IsRefusedNamingDmarc_AndNothingIsStored()
    {
        Dns.Txt["forged.example"] = ["v=spf1 ip4:192.0.2.1 -all"];
        Dns.Txt["_dmarc.forged.example"] = ["v=DMARC1; p=reject"];
        var refusals = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var counter = Engine.Services.GetRequiredService<DynamicMail.Smtp.Telemetry.MailMetrics>().Refused;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (i, l) => { if (ReferenceEquals(i, counter)) { l.EnableMeasurementEvents(i); } };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason") { refusals.Enqueue(tag.Value?.ToString() ?? ""); }
            }
        });
        listener.Start();

        var reply = await SendAsync("ceo@forged.example", Text(NewMessage("ceo@forged.example", "wire the money")));

        Assert.StartsWith("550 5.7.1", reply);
        Assert.Equal(["dmarc"], refusals); // dynamicmail_messages_refused_total{reason="dmarc"} moves by exactly one
        Assert.Contains("DMARC", reply, StringComparison.Ordinal);
        Assert.Contains("forged.example", reply, StringComparison.Ordinal);
        Assert.Empty(Engine.Queue.ListDomain("xyz.com", 0, 10));
    }

    [Fact]
    public async Task Dmarc_FailingWithPolicyQuarantine_IsDeliveredAndMarked()
    {
        Dns.Txt["shady.example"] = ["v=spf1 ip4:192.0.2.1 -all"];
        Dns.Txt["_dmarc.shady.example"] = ["v=DMARC1; p=quarantine"];

        var (entry, stored, _) = await SendAndStoreAsync("a@shady.example", Text(NewMessage("a@shady.example", "quarantine me")));

        Assert.Contains("dmarc=fail (p=quarantine) header.from=shady.example", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
        Assert.Contains("dmarc=fail", entry.Auth, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dmarc_OfASubdomain_UsesTheOrganisationalDomainsRecord_AndItsSubdomainPolicy()
    {
        Dns.Txt["news.corp.example"] = ["v=spf1 -all"];
        Dns.Txt["_dmarc.corp.example"] = ["v=DMARC1; p=none; sp=reject"];

        var reply = await SendAsync("a@news.corp.example", Text(NewMessage("a@news.corp.example", "sub")));

        Assert.StartsWith("550 5.7.1", reply);
    }

    [Fact]
    public async Task Dmarc_WhenDnsFails_IsTemperror_AndTheMessageIsAccepted()
    {
        Dns.Txt["flaky.example"] = ["v=spf1 -all"];
        Dns.Failing.Add("_dmarc.flaky.example");

        var (_, stored, _) = await SendAndStoreAsync("a@flaky.example", Text(NewMessage("a@flaky.example", "dns down")));

        Assert.Contains("dmarc=temperror", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
    }
}
