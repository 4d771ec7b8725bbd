using DynamicMail.Smtp.Telemetry;
using OpenTelemetry.Metrics;

namespace DynamicMail.Web.Metrics;

/// <summary>
/// Exports the engine's meter with OpenTelemetry: Prometheus text at /metrics on the web port (only for allowed
/// networks), and OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
internal static class MetricsRegistration
{
    public const string Path = "/metrics";

    public static void AddDynamicMailMetrics(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        builder.Services.AddSingleton(MetricsAccess.From(options));
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(EngineMeter.Name);
            // No cached scrape: every read shows the counters as they are now.
            metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
    }

    public static void MapDynamicMailMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            var access = context.RequestServices.GetRequiredService<MetricsAccess>();
            if (!access.Allows(context.Connection.RemoteIpAddress))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("403 Forbidden: /metrics is readable only from DynamicMail:Metrics:AllowedNetworks.");
                return;
            }
            await next(context);
        }), optionsName: null);
}
