using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace DynamicMail.Tests.Ingest;

/// <summary>Broken configuration stops start-up with a message naming the key.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("DynamicMail:Smtp:Port", "70000", "DynamicMail:Smtp:Port")]
    [InlineData("DynamicMail:Smtp:MaxRecipients", "0", "DynamicMail:Smtp:MaxRecipients")]
    [InlineData("DynamicMail:Domains:0:Name", "not a domain", "DynamicMail:Domains:0:Name")]
    [InlineData("DynamicMail:Domains:1:Password", "short", "DynamicMail:Domains:1:Password")]
    [InlineData("DynamicMail:Dns:Servers:0", "dns.example", "DynamicMail:Dns:Servers:0")]
    [InlineData("DynamicMail:Auth:Dnsbl:0", "not a zone", "DynamicMail:Auth:Dnsbl:0")]
    [InlineData("DynamicMail:Domains:1:Recipients:0", "bob@xyz.com", "DynamicMail:Domains:1:Recipients:0")]
    [InlineData("DynamicMail:Domains:0:ContactEmail", "not-an-address", "DynamicMail:Domains:0:ContactEmail")]
    public async Task InvalidValue_StopsStartup_NamingTheKey(string key, string value, string named)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public async Task UnparsableValue_StopsStartup_NamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?> { ["DynamicMail:Smtp:Port"] = "twenty-five" }));

        Assert.Contains("DynamicMail:Smtp:Port", ex.Message);
    }
}
