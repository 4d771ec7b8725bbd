using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Queue.Bulk;

/// <summary>The queue view's search syntax: every key, quoting, and a clear error for everything else.</summary>
public sealed class QueueSearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly QueueSearch _search = new(new FakeTimeProvider(Now));

    [Fact]
    public void Parse_EveryKey_BuildsTheFilter()
    {
        var result = _search.Parse("domain:xyz.com from:alice@ to:\"bob@xyz.com\" subject:\"big invoice\" state:HELD before:3d after:2026-11-01 larger:10k smaller:2M");

        var f = Assert.IsType<QueueFilter>(result.Filter);
        Assert.Equal(("xyz.com", "alice@", "bob@xyz.com", "big invoice", RecipientState.Held), (f.Domain, f.Sender, f.Recipient, f.Subject, f.State));
        Assert.Equal(Now.UtcDateTime.AddDays(-3), f.ArrivedBefore);
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), f.ArrivedAfter);
        Assert.Equal((10 * 1024L, 2 * 1024L * 1024), (f.LargerThan, f.SmallerThan));
    }

    [Fact]
    public void Parse_BareWords_SearchTheSubject_AndEmptyMatchesEverything()
    {
        Assert.Equal("weekly report", _search.Parse("  weekly   report ").Filter!.Subject);
        Assert.Equal(new QueueFilter(), _search.Parse("").Filter);
        Assert.Equal(new QueueFilter(), _search.Parse(null).Filter);
        Assert.Equal(Now.UtcDateTime.AddMinutes(-90), _search.Parse("after:2026-12-02T10:30").Filter!.ArrivedAfter);
    }

    [Theory]
    [InlineData("colour:red", "Unknown search key \"colour:\"")]
    [InlineData("from:", "from: needs a value")]
    [InlineData("from:a from:b", "from: is given twice")]
    [InlineData("subject:\"not closed", "quote in the search is not closed")]
    [InlineData("state:lost", "Unknown state \"lost\"")]
    [InlineData("state:4", "Unknown state \"4\"")]
    [InlineData("before:yesterday", "before: takes a UTC date")]
    [InlineData("after:2026-13-45", "after: takes a UTC date")]
    [InlineData("before:99999999999d", "before: takes a UTC date")]
    [InlineData("larger:huge", "larger: takes a size")]
    [InlineData("smaller:-5", "smaller: takes a size")]
    [InlineData("larger:99999999999999G", "larger: takes a size")]
    [InlineData("invoice subject:x", "either them or subject:")]
    public void Parse_BadSearch_SaysWhatIsWrong(string text, string error)
    {
        var result = _search.Parse(text);

        Assert.Null(result.Filter);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeSearchOrValue_IsRefused()
    {
        Assert.Contains("longer than 1000", _search.Parse(new string('a', 1001)).Error, StringComparison.Ordinal);
        Assert.Contains("longer than 256", _search.Parse("from:" + new string('a', 300)).Error, StringComparison.Ordinal);
        Assert.Contains("Unknown search key \"" + new string('k', 40) + "…:\"", _search.Parse(new string('k', 500) + ":v").Error, StringComparison.Ordinal);
    }
}
