using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Smtp.Alerts;

/// <summary>Registers the alerts to customers (the store adapter comes with the storage registration).</summary>
internal static class AlertRegistration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddValidatedOptions<AlertOptions>(AlertOptions.Section);
        services.AddSingleton<WebhookUrlCheck>();
        services.AddSingleton<AlertConditions>();
        services.AddSingleton<AlertMail>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        services.AddSingleton<AlertMonitor>();
        services.AddSingleton<IAlertHistory, AlertHistory>();
        services.AddHostedService<AlertWorker>();
        return services;
    }
}
