using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace DynamicMail.Tests.Bounces;

/// <summary>Where DSNs go (RFC 5321 §5) and how delay warnings are configured.</summary>
public sealed class RouteAndOptionsTests
{
    [Fact]
    public void MxRoute_OrdersByPreference() =>
        Assert.Equal(["a.example", "b.example", "c.example"],
            DnsMxResolver.Route("example", [(20, "c.example"), (5, "a.example"), (10, "b.example")]).Hosts);

    [Fact]
    public void MxRoute_WithoutMx_FallsBackToTheDomainItself() =>
        Assert.Equal(["example.org"], DnsMxResolver.Route("example.org", []).Hosts);

    [Fact]
    public void MxRoute_NullMx_IsPermanent()
    {
        var route = DnsMxResolver.Route("example.org", [(0, "")]);
        Assert.True(route.Permanent);
        Assert.Empty(route.Hosts);
    }

    [Fact]
    public async Task DnsResolver_AsksTheNameServer_ForMxHostsByPreference_AndTellsPermanentFromTemporary()
    {
        await using var dns = new FakeDnsServer();
        dns.Mx["sender.example"] = [(20, "backup.sender.example"), (10, "mx1.sender.example")];
        dns.Mx["nomx.example"] = [];
        dns.Mx["nullmx.example"] = [(0, "")];
        var resolver = new DnsMxResolver(dns.EndPoint);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(["mx1.sender.example", "backup.sender.example"], (await resolver.ResolveAsync("sender.example", ct)).Hosts);
        Assert.Equal(["nomx.example"], (await resolver.ResolveAsync("nomx.example", ct)).Hosts);
        Assert.True((await resolver.ResolveAsync("nullmx.example", ct)).Permanent);
        var gone = await resolver.ResolveAsync("gone.example", ct);
        Assert.True(gone.Permanent);
        Assert.Contains("does not exist", gone.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("off", new double[0])]
    [InlineData("", new double[0])]
    [InlineData("1.00:00:00", new[] { 24.0 })]
    [InlineData("2.00:00:00, 04:00:00,1.00:00:00", new[] { 4.0, 24.0, 48.0 })]
    public void DelayWarnings_Parse(string text, double[] hours)
    {
        Assert.True(QueueOptions.TryParseWarnings(text, out var list, out _));
        Assert.Equal(hours, list.Select(t => t.TotalHours));
    }

    [Theory]
    [InlineData("tomorrow", "'tomorrow' is not a positive duration")]
    [InlineData("-01:00:00", "is not a positive duration")]
    [InlineData("6.00:00:00", "must come before MaxLifetime")]
    public async Task BadDelayWarnings_StopStartupNamingTheKey(string value, string message)
    {
        using var dir = new TempDirectory();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            EngineHost.StartAsync(dir.Path, new Dictionary<string, string?> { ["DynamicMail:Queue:DelayWarnings"] = value }));
        Assert.Contains("DynamicMail:Queue:DelayWarnings", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmartHostLoginWithoutPassword_StopsStartup()
    {
        using var dir = new TempDirectory();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            EngineHost.StartAsync(dir.Path, new Dictionary<string, string?> { ["DynamicMail:Bounces:Username"] = "relay" }));
        Assert.Contains("DynamicMail:Bounces:Password", ex.Message, StringComparison.Ordinal);
    }
}
