namespace DynamicMail.Web.Logins;

/// <summary>The throttles and the known-device cookie behind every login form.</summary>
internal static class LoginRegistration
{
    public static void AddLogins(this IServiceCollection services)
    {
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountThrottle>();
        services.AddSingleton<KnownDevices>();
        services.AddSingleton<LoginGate>();
        services.AddSingleton<TotpVerifier>();
        services.AddSingleton<DynamicMail.Smtp.Odmr.IAuthThrottle, WebAuthThrottle>();
    }
}
