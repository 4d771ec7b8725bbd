using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Smtp.Storage.Postgres;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Storage;

/// <summary>
/// Registers both stores and resolves every store interface to the one <c>DynamicMail:Store:Provider</c> names.
/// Nothing of the other store is created: each adapter is built only when its interface is first asked for.
/// </summary>
internal static class StorageRegistration
{
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddValidatedOptions<StoreSelectionOptions>(StoreSelectionOptions.Section);
        services.AddLiteDbStorage();
        Keyed(services, StoreProvider.LiteDb);
        services.AddPostgresStorage();
        Keyed(services, StoreProvider.Postgres);
        foreach (var type in StoreInterfaces.Where(t => t != typeof(ITranscriptLog)))
        {
            services.AddSingleton(type, sp => Selected(sp, type));
        }
        // Transcripts reach the store through a buffer: a delivery never waits for its transcript's write.
        services.AddSingleton(sp => new BufferedTranscriptLog((ITranscriptLog)Selected(sp, typeof(ITranscriptLog)),
            sp.GetRequiredService<Events.IMailEvents>(), sp.GetRequiredService<ILogger<BufferedTranscriptLog>>()));
        services.AddSingleton<ITranscriptLog>(sp => sp.GetRequiredService<BufferedTranscriptLog>());
        services.AddHostedService(sp => sp.GetRequiredService<BufferedTranscriptLog>());
        return services;
    }

    private static readonly Type[] StoreInterfaces =
    [
        typeof(IMailQueue), typeof(IOutbox), typeof(IQueueAdminStore), typeof(IDomainStore), typeof(IOperatorStore),
        typeof(IApiKeyStore), typeof(IAuditLog), typeof(IActivityStore), typeof(IActivityHistory), typeof(IStoreHealth),
        typeof(IStoreBackup), typeof(IBulkQueueStore), typeof(Recipients.IRecipientListStore), typeof(Alerts.IAlertStore),
        typeof(ITranscriptLog),
    ];

    private static object Selected(IServiceProvider sp, Type type) =>
        sp.GetRequiredKeyedService(type, sp.GetRequiredService<IOptions<StoreSelectionOptions>>().Value.Provider);

    /// <summary>Moves the plain registrations of the store interfaces just added under <paramref name="key"/>.</summary>
    private static void Keyed(IServiceCollection services, StoreProvider key)
    {
        foreach (var d in services.Where(d => !d.IsKeyedService && StoreInterfaces.Contains(d.ServiceType)).ToList())
        {
            services.Remove(d);
            services.Add(d switch
            {
                { ImplementationType: { } t } => new ServiceDescriptor(d.ServiceType, key, t, d.Lifetime),
                { ImplementationFactory: { } f } => new ServiceDescriptor(d.ServiceType, key, (sp, _) => f(sp), d.Lifetime),
                _ => new ServiceDescriptor(d.ServiceType, key, d.ImplementationInstance!),
            });
        }
    }
}
