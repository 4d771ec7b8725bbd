using System.Net;
using DynamicMail.Smtp;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Tests.TestSupport;

/// <summary>The real engine (store, queue, MX listener on a loopback port 0) in a generic host.</summary>
public sealed class EngineHost : IAsyncDisposable
{
    public const string Hostname = "mx.test";
    public const string OperatorName = "operator";
    public const string OperatorPassword = "operator-password";
    private readonly IHost _host;

    private EngineHost(IHost host, IPEndPoint smtp)
    {
        _host = host;
        Smtp = smtp;
    }

    public IPEndPoint Smtp { get; }
    public IServiceProvider Services => _host.Services;
    public IMailQueue Queue => Services.GetRequiredService<IMailQueue>();
    public IDomainDirectory Domains => Services.GetRequiredService<IDomainDirectory>();

    /// <param name="overrides">Runs after the engine registered itself, to replace one of its parts (a failing disk).</param>
    public static async Task<EngineHost> StartAsync(
        string dataDirectory, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, Action<IServiceCollection>? overrides = null)
    {
        var config = Settings(dataDirectory, deliveryPort: 25);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        builder.Services.AddDynamicMailEngine();
        overrides?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var bound = await host.Services.GetRequiredService<SmtpIngestService>().Bound.WaitAsync(TimeSpan.FromSeconds(10));
        return new EngineHost(host, bound);
    }

    /// <summary>The configuration every test host starts from: loopback MX on port 0, two seeded domains.</summary>
    public static Dictionary<string, string?> Settings(string dataDirectory, int deliveryPort)
    {
        var port = deliveryPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>
        {
            ["DynamicMail:DataDirectory"] = dataDirectory,
            ["DynamicMail:Smtp:Port"] = "0",
            ["DynamicMail:Odmr:Port"] = "0",
            ["DynamicMail:Smtp:BindAddress"] = "127.0.0.1",
            ["DynamicMail:Smtp:Hostname"] = Hostname,
            ["DynamicMail:Queue:MinFreeBytes"] = "1",
            // DSNs go to a closed loopback port unless a test points them at its own sink: no DNS from tests.
            ["DynamicMail:Bounces:SmartHost"] = "127.0.0.1",
            ["DynamicMail:Bounces:SmartHostPort"] = "9",
            // Sender authentication is off unless a test turns it on with its own DNS server (SenderAuthTests).
            ["DynamicMail:Auth:Enabled"] = "false",
            ["DynamicMail:Dns:Servers:0"] = "127.0.0.1:9",
            ["DynamicMail:Domains:0:Name"] = "xyz.com",
            ["DynamicMail:Domains:0:Username"] = "xyzadmin",
            ["DynamicMail:Domains:0:Password"] = "xyz-password",
            ["DynamicMail:Domains:0:DeliveryPort"] = port,
            ["DynamicMail:Domains:1:Name"] = "abc.org",
            ["DynamicMail:Domains:1:Username"] = "abcadmin",
            ["DynamicMail:Domains:1:Password"] = "abc-password",
            ["DynamicMail:Domains:1:DeliveryPort"] = port,
            // The first operator of every test host (test-only credentials).
            ["DynamicMail:Admin:Username"] = OperatorName,
            ["DynamicMail:Admin:Password"] = OperatorPassword,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
