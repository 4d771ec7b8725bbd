using DynamicMail.Smtp.Bounces;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Auth;

/// <summary>One resolver setting (<c>DynamicMail:Dns:Servers:N</c>) serves the DSN MX lookup as well as the sender checks.</summary>
public sealed class SharedResolverTests : SenderAuthTest
{
    [Fact]
    public async Task MxLookupForDsns_AsksTheConfiguredServer()
    {
        Dns.Mx["sender.example"] = [(10, "mx1.sender.example")];

        var route = await Engine.Services.GetRequiredService<IMxResolver>().ResolveAsync("sender.example", TestContext.Current.CancellationToken);

        Assert.Equal(["mx1.sender.example"], route.Hosts);
        Assert.True(Dns.Queries > 0);
    }

    [Fact]
    public async Task MxLookup_WhenTheServerFails_IsTemporary()
    {
        Dns.Failing.Add("down.example");
        Dns.Mx["down.example"] = [];

        var route = await Engine.Services.GetRequiredService<IMxResolver>().ResolveAsync("down.example", TestContext.Current.CancellationToken);

        Assert.False(route.Permanent);
        Assert.NotNull(route.Error);
    }
}
