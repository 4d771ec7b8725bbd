using DynamicMail.Smtp.Auth;

namespace DynamicMail.Tests.Auth;

/// <summary>The parts of sender authentication that need no network: organisational domains and forged-verdict detection.</summary>
public sealed class AuthPartsTests
{
    [Theory]
    [InlineData("mail.example.com", "example.com")]
    [InlineData("a.b.example.co.uk", "example.co.uk")]
    [InlineData("example.com", "example.com")]
    [InlineData("foo.bar.kawasaki.jp", "foo.bar.kawasaki.jp")] // *.kawasaki.jp: bar.kawasaki.jp is a public suffix
    [InlineData("www.city.kawasaki.jp", "city.kawasaki.jp")] // !city.kawasaki.jp is an exception
    [InlineData("x.unknowntld", "x.unknowntld")] // the implicit "*" rule
    public void PublicSuffixList_OfDebiansPackage_GivesTheOrganisationalDomain(string domain, string organizational)
    {
        var list = PublicSuffixList.Load(new DynamicMail.Smtp.Auth.AuthOptions().PublicSuffixList);

        Assert.True(list.Loaded, "Debian's publicsuffix package is missing (test.sh installs it)");
        Assert.Equal(organizational, list.OrganizationalDomain(domain));
    }

    [Fact]
    public void PublicSuffixList_WhenMissing_TakesTheLastTwoLabels()
    {
        var list = PublicSuffixList.Load("/nonexistent/public_suffix_list.dat");

        Assert.False(list.Loaded);
        Assert.Equal("co.uk", list.OrganizationalDomain("a.example.co.uk"));
    }

    [Theory]
    [InlineData("mx.test; spf=pass", true)]
    [InlineData(" MX.TEST 1; dkim=pass", true)]
    [InlineData("(a comment) mx.test; dmarc=pass", true)]
    [InlineData("mx.test.evil.example; spf=pass", false)]
    [InlineData("other.example; spf=pass smtp.mailfrom=mx.test", false)]
    [InlineData("mx.test", true)]
    public void ForgedResults_RecogniseOurAuthservId_Only(string value, bool ours)
    {
        Assert.Equal(ours, ForgedResults.ClaimsToBe(value, "mx.test"));
    }

    [Fact]
    public void Verdict_QuotesValuesThatAreNotAddresses()
    {
        var verdict = new AuthVerdict(new SpfResult("pass", "x.example", "mailfrom", "\"odd name\"@x.example"), [], new DmarcResult("none", null), "none");

        Assert.Equal("spf=pass smtp.mailfrom=\"\\\"odd name\\\"@x.example\"; dkim=none; dmarc=none; arc=none", verdict.Summary());
        Assert.Equal("mx.test", verdict.ToResults("mx.test").AuthenticationServiceIdentifier);
    }
}
