using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Smtp.Operators;

/// <summary>The engine side of the operator console: operators, API keys, audit log, domain and queue administration.</summary>
internal static class OperatorRegistration
{
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        services.AddSingleton<IOperatorDirectory, LiteDbOperatorDirectory>();
        services.AddSingleton<IOperatorAccounts, LiteDbOperatorAccounts>();
        services.AddSingleton<IApiKeys, LiteDbApiKeys>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddHostedService<OperatorSeeder>();
        services.AddSingleton<IQueueAdmin, LiteDbQueueAdmin>();
        services.AddSingleton<DomainAdmin>();
        return services;
    }
}
