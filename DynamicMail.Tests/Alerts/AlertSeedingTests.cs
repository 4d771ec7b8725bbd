using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Tests.Alerts;

/// <summary>Seeding <c>DynamicMail:Domains:N:ContactEmail</c> and <c>:WebhookUrl</c>; a refused webhook URL is logged (without the URL) and left out.</summary>
public sealed class AlertSeedingTests
{
    [Fact]
    public async Task ContactAndWebhook_AreSeeded_WithAGeneratedSecret_AndAnInternalUrlIsLeftOut()
    {
        using var dir = new TempDirectory();
        var capture = new LogCapture();
        await using var engine = await EngineHost.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Domains:0:ContactEmail"] = "ops@customer.example",
            ["DynamicMail:Domains:0:WebhookUrl"] = "https://hooks.customer.example/dm",
            ["DynamicMail:Domains:1:WebhookUrl"] = "http://169.254.169.254/latest/meta-data/",
        }, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(capture);
            s.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Information);
        });

        var xyz = engine.Domains.FindByName("xyz.com")!;
        Assert.Equal(("ops@customer.example", "https://hooks.customer.example/dm"), (xyz.ContactEmail, xyz.WebhookUrl));
        Assert.Matches("^[0-9a-f]{64}$", xyz.WebhookSecret);
        var abc = engine.Domains.FindByName("abc.org")!;
        Assert.Null(abc.WebhookUrl);
        Assert.Null(abc.WebhookSecret);
        Assert.Contains(capture.Lines, l => l.Contains("The webhook URL of abc.org in configuration was left out", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Contains("169.254.169.254", StringComparison.Ordinal) || l.Contains(xyz.WebhookSecret!, StringComparison.Ordinal));
    }
}
