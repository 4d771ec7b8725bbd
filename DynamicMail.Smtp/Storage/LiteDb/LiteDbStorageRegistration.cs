using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>The embedded store: one LiteDB file and its spool folder behind every capability's store interface.</summary>
internal static class LiteDbStorageRegistration
{
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IDurableFlush, FsyncFlush>();
        services.TryAddSingleton<IStoreFiles, DurableStoreFiles>();
        services.AddSingleton(sp => new LiteDbStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.DataDirectory, sp.GetRequiredService<IDurableFlush>(),
            sp.GetRequiredService<IStoreFiles>(), sp.GetRequiredService<ILogger<LiteDbStore>>(), sp.GetRequiredService<MailMetrics>()));
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<LiteDbStore>());
        services.AddSingleton<IStoreBackup, StoreBackup>();
        services.AddValidatedOptions<CompactionOptions>(CompactionOptions.Section);
        services.AddSingleton<LiteDbCompactor>();
        services.AddSingleton<IStoreCompaction>(sp => sp.GetRequiredService<LiteDbCompactor>());
        services.AddHostedService(sp => sp.GetRequiredService<LiteDbCompactor>());
        services.AddSingleton(sp => new MessageBodyStore(sp.GetRequiredService<IOptions<StoreOptions>>().Value.DataDirectory));
        services.AddSingleton<LiteDbMailQueue>();
        services.AddSingleton<IMailQueue>(sp => sp.GetRequiredService<LiteDbMailQueue>());
        services.AddSingleton<IOutbox, LiteDbOutbox>();
        services.AddSingleton<IQueueAdminStore, LiteDbQueueAdminStore>();
        services.AddSingleton<Queue.Bulk.IBulkQueueStore, LiteDbBulkQueueStore>();
        services.AddSingleton<IDomainStore, LiteDbDomainStore>();
        services.AddSingleton<IRecipientListStore, LiteDbRecipientListStore>();
        services.AddSingleton<Alerts.IAlertStore, LiteDbAlertStore>();
        services.AddSingleton<IOperatorStore, LiteDbOperatorStore>();
        services.AddSingleton<IApiKeyStore, LiteDbApiKeyStore>();
        services.AddSingleton<IAuditLog, LiteDbAuditLog>();
        services.AddSingleton<Delivery.Transcripts.ITranscriptLog, LiteDbTranscriptLog>();
        services.AddSingleton<IActivityStore, LiteDbActivityHistory>();
        services.AddSingleton<IActivityHistory>(sp => sp.GetRequiredService<IActivityStore>());
        return services;
    }
}
