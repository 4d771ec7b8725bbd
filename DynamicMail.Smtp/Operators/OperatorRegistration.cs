using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Smtp.Operators;

/// <summary>The engine side of the operator console: operators, API keys, audit log, domain and queue administration.</summary>
internal static class OperatorRegistration
{
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        services.AddSingleton<IOperatorDirectory, OperatorDirectory>();
        services.AddSingleton<IOperatorAccounts, OperatorAccounts>();
        services.AddSingleton<IApiKeys, ApiKeys>();
        services.AddHostedService<OperatorSeeder>();
        services.AddSingleton<IQueueAdmin, QueueAdmin>();
        services.AddBulkActions();
        services.AddSingleton<DomainAdmin>();
        services.AddSingleton<IDomainAdmin>(sp => sp.GetRequiredService<DomainAdmin>());
        return services;
    }
}
