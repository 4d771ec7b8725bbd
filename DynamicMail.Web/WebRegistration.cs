using System.Net;
using DynamicMail.Web.Admin;
using DynamicMail.Web.Components;
using DynamicMail.Web.Customers;
using DynamicMail.Web.Health;
using DynamicMail.Web.Logins;
using DynamicMail.Web.Metrics;
using DynamicMail.Web.Presence;
using DynamicMail.Web.Security;
using DynamicMail.Web.Sessions;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;

namespace DynamicMail.Web;

/// <summary>The web host's services and pipeline.</summary>
internal static class WebRegistration
{
    public static void AddDynamicMailWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o =>
        {
            // Presence: a vanished browser is noticed within ClientTimeoutInterval (the client pings every 3 s).
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(10);
            o.KeepAliveInterval = TimeSpan.FromSeconds(3);
        });
        services.AddMudServices();
        services.AddDynamicMailHealth();
        builder.AddDynamicMailMetrics();
        // SIGTERM: ingest stops accepting and gives sessions in flight a short grace; the whole exit stays under 10 s.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(8));
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddSessionCookies();
        services.AddOperatorConsoleWeb();
        var dataDirectory = builder.Configuration["DynamicMail:DataDirectory"] ?? "data";
        services.AddDynamicMailKeyRing(dataDirectory);
        services.AddSingleton<DynamicMail.Smtp.Domains.ISecretProtector, DynamicMail.Web.Odmr.DataProtectionSecretProtector>();
        services.AddLogins();
        services.AddScoped<CircuitPresence>();
        services.AddCustomerPages();
        services.AddScoped<CircuitHandler, PresenceCircuitHandler>();
        builder.ConfigureForwardedHeaders();
        if (builder.Environment.IsDevelopment() && builder.Configuration["DynamicMail:Delivery:AllowPrivateTargets"] is null)
        {
            builder.Configuration["DynamicMail:Delivery:AllowPrivateTargets"] = "true";
        }
    }

    private static void ConfigureForwardedHeaders(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>()?.KnownProxies ?? [];
        // Checked at start-up: a bad entry must stop the service with its key named, not fail every request later.
        var proxies = configured.Select((value, i) => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{WebOptions.Section}:KnownProxies:{i}: '{value}' is not an IP address.")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With both trust lists empty the middleware would believe anyone's header: no proxies, no forwarding.
            // The scheme too: behind a TLS proxy the request is HTTPS, so cookies get Secure.
            o.ForwardedHeaders = proxies.Count > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            proxies.ForEach(o.KnownProxies.Add);
        });
    }

    public static void UseDynamicMailWeb(this WebApplication app)
    {
        app.StartCustomerPages();
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapDynamicMailHealth();
        app.MapDynamicMailMetrics();
        app.MapCustomerLogin();
        app.MapOperatorConsole();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("Web listening on {Urls}", string.Join(", ", app.Urls)));
    }
}
