using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Auth;

/// <summary>Registers the resolver every lookup shares and the sender checks at the door.</summary>
internal static class AuthRegistration
{
    public static IServiceCollection AddSenderAuthentication(this IServiceCollection services)
    {
        services.AddValidatedOptions<DnsOptions>(DnsOptions.Section);
        services.AddValidatedOptions<AuthOptions>(AuthOptions.Section);
        services.AddSingleton(sp => new CachingResolver(sp.GetRequiredService<IOptions<DnsOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ArcKeys>();
        services.AddSingleton<ArcSealing>();
        services.AddHostedService<ArcSealWorker>();
        services.AddSingleton<ISenderAuthentication, SenderAuthenticator>();
        return services;
    }
}
