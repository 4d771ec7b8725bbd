using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Auth;

/// <summary>SPF at the door (RFC 7208, ARSoft's validator) on MAIL FROM, through the engine's resolver; the client is 127.0.0.1.</summary>
public sealed class SpfTests : SenderAuthTest
{
    [Theory]
    [InlineData("pass.example", "v=spf1 ip4:127.0.0.0/8 -all", "pass")]
    [InlineData("fail.example", "v=spf1 ip4:192.0.2.1 -all", "fail")]
    [InlineData("softfail.example", "v=spf1 ~all", "softfail")]
    [InlineData("neutral.example", "v=spf1 ?all", "neutral")]
    [InlineData("none.example", "not an spf record", "none")]
    [InlineData("temperror.example", null, "temperror")]
    [InlineData("permerror.example", "v=spf1 ip4:127.0.0.1 -all|v=spf1 -all", "permerror")]
    public async Task MailFrom_GetsTheSpfResultOfItsDomain_InAuthenticationResults(string domain, string? record, string expected)
    {
        if (record is null)
        {
            Dns.Failing.Add(domain);
        }
        else
        {
            Dns.Txt[domain] = record.Split('|');
        }

        var (entry, stored, _) = await SendAndStoreAsync($"alice@{domain}", Text(NewMessage($"alice@{domain}", "spf " + expected)));

        var results = Assert.Single(OurResults(stored));
        Assert.Contains($"spf={expected} smtp.mailfrom=alice@{domain}", results, StringComparison.Ordinal);
        Assert.Contains($"spf={expected}", entry.Auth, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NullSender_IsCheckedOnTheHeloName()
    {
        Dns.Txt["client.example"] = ["v=spf1 ip4:127.0.0.1 -all"];

        var (_, stored, _) = await SendAndStoreAsync("", Text(NewMessage("mailer-daemon@client.example", "bounce")));

        Assert.Contains("spf=pass smtp.helo=client.example", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedSender_IsAnsweredFromTheCache_NotAskedAgain()
    {
        Dns.Txt["cached.example"] = ["v=spf1 ip4:127.0.0.1 -all"];
        Dns.Txt["_dmarc.cached.example"] = ["v=DMARC1; p=none"];
        await SendAndStoreAsync("a@cached.example", Text(NewMessage("a@cached.example", "first")));
        var asked = Dns.Queries;

        var (_, stored, _) = await SendAndStoreAsync("a@cached.example", Text(NewMessage("a@cached.example", "second")));

        Assert.Contains("spf=pass", Assert.Single(OurResults(stored)), StringComparison.Ordinal);
        Assert.Equal(asked, Dns.Queries);
    }
}
