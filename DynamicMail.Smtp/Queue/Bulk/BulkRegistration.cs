using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Smtp.Queue.Bulk;

/// <summary>Registers bulk actions: the starter the console and API call, the runner and its background worker.</summary>
internal static class BulkRegistration
{
    public static IServiceCollection AddBulkActions(this IServiceCollection services)
    {
        services.AddSingleton<BulkActions>();
        services.AddSingleton<IBulkActions>(sp => sp.GetRequiredService<BulkActions>());
        services.AddSingleton<QueueSearch>();
        services.AddSingleton<BulkRunner>();
        services.AddHostedService<BulkWorker>();
        return services;
    }
}
