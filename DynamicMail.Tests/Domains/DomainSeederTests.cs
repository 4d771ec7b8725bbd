using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Tests.Domains;

/// <summary>Configured domains: created on the first start; on later starts left as they are, and the log says so.</summary>
public sealed class DomainSeederTests
{
    [Fact]
    public async Task SecondStart_LogsThatTheConfiguredDomainExists_AndLeavesItAsItIs()
    {
        using var dir = new TempDirectory();
        await (await EngineHost.StartAsync(dir.Path)).DisposeAsync();
        var capture = new LogCapture();

        await using var engine = await EngineHost.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Domains:0:Password"] = "a-changed-password",
        }, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(capture);
            s.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Information);
        });

        Assert.Contains(capture.Lines, l => l.Contains("Domain xyz.com from configuration already exists and is left as it is", StringComparison.Ordinal));
        Assert.NotNull(engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
        Assert.Null(engine.Domains.Authenticate("xyz", "xyzadmin", "a-changed-password"));
    }
}
