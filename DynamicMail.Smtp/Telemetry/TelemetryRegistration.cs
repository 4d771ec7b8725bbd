using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>Registers the engine's meter, its event counters and its gauges (exporting is the host's business).</summary>
internal static class TelemetryRegistration
{
    public static IServiceCollection AddEngineTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<MailMetrics>();
        services.AddSingleton<EventMetrics>();
        services.AddSingleton<StateGauges>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<LastOnline>();
        services.AddHostedService<TelemetryStarter>();
        services.AddHostedService<ActivityRecorder>();
        return services;
    }

    /// <summary>Creates the subscribers and the gauges at start-up, before any mail moves.</summary>
    private sealed class TelemetryStarter(EventMetrics events, StateGauges gauges, DeliveryLog log, LastOnline lastOnline) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(events);
            GC.KeepAlive(gauges);
            GC.KeepAlive(log);
            GC.KeepAlive(lastOnline);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
