using DynamicMail.Smtp.Ingest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.TestSupport;

/// <summary>The whole service (web + MX) on real loopback ports, with two seeded domains delivering to a sink port.</summary>
public sealed class WebAppHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _configure;

    public WebAppHost(string dataDirectory, int deliveryPort, IDictionary<string, string?>? extra = null, int webPort = 0,
        Action<IServiceCollection>? configure = null)
    {
        _configure = configure;
        _settings = EngineHost.Settings(dataDirectory, deliveryPort);
        _settings["DynamicMail:Delivery:AllowPrivateTargets"] = "true";
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }
        UseKestrel(webPort);
        StartServer();
    }

    /// <summary>A loopback port that was free a moment ago (for restarting on the same address).</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public System.Net.IPEndPoint Smtp => Services.GetRequiredService<SmtpIngestService>().Bound.GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        if (_configure is not null)
        {
            builder.ConfigureServices(_configure);
        }
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
    }
}
