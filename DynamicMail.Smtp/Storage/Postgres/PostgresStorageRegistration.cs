using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>The shared store: one PostgreSQL database behind every capability's store interface, for one or several nodes.</summary>
internal static class PostgresStorageRegistration
{
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSingleton<PostgresStore>();
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddSingleton<IStoreBackup, PostgresBackup>();
        services.AddSingleton<PostgresMailQueue>();
        services.AddSingleton<IMailQueue>(sp => sp.GetRequiredService<PostgresMailQueue>());
        services.AddSingleton<IOutbox, PostgresOutbox>();
        services.AddSingleton<IQueueAdminStore, PostgresQueueAdminStore>();
        services.AddSingleton<IBulkQueueStore, PostgresBulkQueueStore>();
        services.AddSingleton<Recipients.IRecipientListStore, PostgresRecipientListStore>();
        services.AddSingleton<Alerts.IAlertStore, PostgresAlertStore>();
        services.AddSingleton<IDomainStore, PostgresDomainStore>();
        services.AddSingleton<IOperatorStore, PostgresOperatorStore>();
        services.AddSingleton<IApiKeyStore, PostgresApiKeyStore>();
        services.AddSingleton<IAuditLog, PostgresAuditLog>();
        services.AddSingleton<Delivery.Transcripts.ITranscriptLog, PostgresTranscriptLog>();
        services.AddSingleton<IActivityStore, PostgresActivityHistory>();
        services.AddSingleton<IActivityHistory>(sp => sp.GetRequiredService<IActivityStore>());
        services.AddSingleton<PostgresPresence>();
        services.AddSingleton<IKeyRingStore, PostgresKeyRingStore>();
        services.AddHostedService<PostgresNoticeListener>();
        services.AddHostedService<PostgresNodeService>();
        return services;
    }
}
