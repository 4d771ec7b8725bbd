using DynamicMail.Smtp.Auth;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Tests.Auth;

/// <summary>The verdict handed over: Authentication-Results (forged ones in our name removed) and DynamicMail's ARC seal.</summary>
public sealed class AuthResultsTests : SenderAuthTest
{
    [Fact]
    public async Task ForgedResultsInOurName_AreRemoved_ForeignOnesKept()
    {
        Dns.Txt["evil.example"] = ["v=spf1 -all"];
        var content = "Authentication-Results: mx.test; spf=pass smtp.mailfrom=ceo@evil.example;\r\n\tdkim=pass header.d=evil.example\r\n"
            + "Authentication-Results: other.example; dkim=pass header.d=evil.example\r\n"
            + "Authentication-Results: MX.TEST (forged) 1; dmarc=pass\r\n"
            + Text(NewMessage("ceo@evil.example", "trust me"));

        var (_, stored, raw) = await SendAndStoreAsync("ceo@evil.example", content);

        var ours = Assert.Single(OurResults(stored));
        Assert.Contains("spf=fail", ours, StringComparison.Ordinal);
        Assert.DoesNotContain("forged", raw, StringComparison.Ordinal);
        Assert.Single(stored.Headers, h => h.Id == HeaderId.AuthenticationResults && h.Value.Contains("other.example;", StringComparison.Ordinal));
        Assert.Equal("trust me", stored.Subject);
    }

    [Fact]
    public async Task ArcSeal_VerifiesWithMimeKit_AgainstThePublishedKey()
    {
        Dns.Txt["sealed.example"] = ["v=spf1 ip4:127.0.0.1 -all"];
        PublishKey("sealed.example");

        var (entry, _, _) = await SendAndStoreAsync("a@sealed.example", Text(SignedBy(NewMessage("a@sealed.example", "seal me"), "sealed.example")));

        // The seal is made after the 250, by the background sealer, and kept in front of the stored content.
        await Wait.Until(() => Engine.Queue.ReadContent(entry).AsSpan().StartsWith("ARC-Seal:"u8), "sealed in the background");
        var stored = MimeMessage.Load(new MemoryStream(Engine.Queue.ReadContent(entry)), TestContext.Current.CancellationToken);
        Assert.Single(stored.Headers, h => h.Id == HeaderId.ArcSeal);
        var key = Engine.Services.GetRequiredService<ArcKeys>().Current;
        Assert.Equal("dynamicmail._domainkey.mx.test", key.RecordName);
        var result = await new ArcVerifier(new OneDkimKey(key.RecordValue)).VerifyAsync(stored, TestContext.Current.CancellationToken);
        Assert.Equal(ArcSignatureValidationResult.Pass, result.Chain);
        var aar = stored.Headers[HeaderId.ArcAuthenticationResults];
        Assert.Contains("i=1; mx.test;", aar, StringComparison.Ordinal);
        Assert.Contains("spf=pass", aar, StringComparison.Ordinal);
        Assert.Contains("dkim=pass", aar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArcSeal_IsMadeOnce_AndKeptAcrossMessages()
    {
        var first = Engine.Services.GetRequiredService<ArcKeys>().Current.PublicKeyBase64;
        Assert.True(File.Exists(Path.Combine(Dir.Path, "arc", ArcKey.FileName)));
        var again = ArcKey.LoadOrCreate(Path.Combine(Dir.Path, "arc"), "mx.test", "dynamicmail");
        Assert.Equal(first, again.PublicKeyBase64);
    }

    [Fact]
    public async Task MessageFor_ADomainWithAuthChecksOff_IsStoredUntouched()
    {
        var abc = Engine.Domains.FindByName("abc.org")!;
        abc.AuthChecks = false;
        await Engine.Domains.UpdateAsync(abc);
        Dns.Txt["forged.example"] = ["v=spf1 -all"];
        Dns.Txt["_dmarc.forged.example"] = ["v=DMARC1; p=reject"];

        var (entry, stored, _) = await SendAndStoreAsync("a@forged.example", Text(NewMessage("a@forged.example", "unchecked")), to: "bob@abc.org");

        Assert.Empty(OurResults(stored));
        Assert.False(stored.Headers.Contains(HeaderId.ArcSeal));
        Assert.Null(entry.Auth);
    }

    [Fact]
    public async Task HostileHeaders_GetAVerdict_AndTheMessageIsStored()
    {
        var junk = string.Concat(Enumerable.Range(0, 40).Select(i => $"DKIM-Signature: v=1; a=rsa-sha256; d=junk{i}.example; s=x; b=AAAA; bh=; h=from\r\n"));
        var content = junk + "DKIM-Signature: ;;;===\r\nFrom: a@one.example, b@two.example\r\nSubject: hostile\r\n\r\nbody\r\n";

        var (_, stored, _) = await SendAndStoreAsync("a@one.example", content);

        var ours = Assert.Single(OurResults(stored));
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(ours, "dkim=(fail|permerror)")); // at most five are verified
        Assert.DoesNotContain("dkim=pass", ours, StringComparison.Ordinal);
        Assert.Contains("dmarc=none", ours, StringComparison.Ordinal);
        Assert.Equal("hostile", stored.Subject);
    }
}
