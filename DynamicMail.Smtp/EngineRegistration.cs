using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Auth;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Odmr;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp;

/// <summary>Registers the mail engine: store, queue, domains, events and the MX listener.</summary>
public static class EngineRegistration
{
    public static IServiceCollection AddDynamicMailEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<StoreOptions>(StoreOptions.Section);
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section);
        services.AddValidatedOptions<DomainSeedOptions>(DomainSeedOptions.Section);

        services.AddStore();
        services.AddSingleton<IMailEvents, MailEventHub>();
        services.AddSingleton<AgeingSchedule>();
        services.AddHostedService<QueueRecovery>();
        services.TryAddSingleton<ISecretProtector, NoSecretProtector>();
        services.AddSingleton<IDomainDirectory, DomainDirectory>();
        services.AddRecipientLists();
        services.AddHostedService<DomainSeeder>();
        services.AddSingleton<IDomainHolds, DomainHolds>();
        services.AddHostedService<HoldWorker>();
        services.AddOperatorConsole();

        services.AddSingleton<IDiskHealth>(sp => sp.GetRequiredService<FreeSpace>());
        services.AddSingleton(sp => new FreeSpace(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.DataDirectory,
            sp.GetRequiredService<IOptions<QueueOptions>>().Value.EffectiveMinFreeBytes(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.MaxMessageSize)));
        services.AddValidatedOptions<DeliveryOptions>(DeliveryOptions.Section);
        services.AddSingleton<PresenceRegistry>();
        services.AddSingleton<DomainStatusBoard>();
        services.TryAddSingleton<IMailSender, MailKitMailSender>();
        services.AddSingleton<DeliveryContextFactory>();
        services.AddHostedService<DeliveryCoordinator>();

        services.AddSenderAuthentication();
        services.AddBounces();
        services.AddAlerts();
        services.AddOdmr();
        services.AddEngineTelemetry();

        services.AddSingleton<DomainMailboxFilter>();
        services.AddSingleton<QueueMessageStore>();
        services.AddSingleton<AuthenticatingMessageStore>();
        services.AddSingleton<CountingMailboxFilter>();
        services.AddSingleton<CountingMessageStore>();
        services.AddSingleton<SmtpCertificates>();
        services.AddSingleton<SmtpIngestService>();
        services.AddSingleton<IListenerHealth>(sp => sp.GetRequiredService<SmtpIngestService>());
        services.AddHostedService(sp => sp.GetRequiredService<SmtpIngestService>());
        return services;
    }

    internal static void AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
    }
}
