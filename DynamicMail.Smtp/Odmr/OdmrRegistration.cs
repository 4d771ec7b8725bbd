using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DynamicMail.Smtp.Odmr;

internal static class OdmrRegistration
{
    public static IServiceCollection AddOdmr(this IServiceCollection services)
    {
        services.AddValidatedOptions<OdmrOptions>(OdmrOptions.Section);
        services.TryAddSingleton<IAuthThrottle, NoAuthThrottle>();
        services.AddSingleton<OdmrAuthenticator>();
        services.AddSingleton<IOdmrTurn, OdmrTurn>();
        services.AddSingleton<OdmrServices>();
        services.AddSingleton<OdmrListener>();
        services.AddHostedService(sp => sp.GetRequiredService<OdmrListener>());
        return services;
    }
}
