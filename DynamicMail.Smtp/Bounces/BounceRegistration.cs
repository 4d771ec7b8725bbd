using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Bounces;

/// <summary>Registers ageing (delay warnings, expiry), DSN composition and the outbox sender.</summary>
internal static class BounceRegistration
{
    public static IServiceCollection AddBounces(this IServiceCollection services)
    {
        services.AddValidatedOptions<BounceOptions>(BounceOptions.Section);
        services.AddSingleton(sp => new BounceRateLimiter(sp.GetRequiredService<IOptions<BounceOptions>>().Value.MaxPerDomainPerHour, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DsnComposer>();
        services.AddSingleton<IMailReturns, MailReturns>();
        services.TryAddSingleton<IMxResolver>(sp => new DnsMxResolver(sp.GetRequiredService<Auth.CachingResolver>()));
        services.TryAddSingleton<IDsnTransport, MailKitDsnTransport>();
        services.AddHostedService<AgeingWorker>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }
}
