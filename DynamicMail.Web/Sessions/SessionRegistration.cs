using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DynamicMail.Web.Sessions;

/// <summary>The one session cookie (customers and operators), checked against its account on every request.</summary>
internal static class SessionRegistration
{
    public const string CookieName = "dm.session";

    public static void AddSessionCookies(this IServiceCollection services)
    {
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<SessionCookieEvents>();
        services.AddScoped<CircuitHandler, OperatorCircuitGuard>();
        // The antiforgery cookie too is Secure on HTTPS (its default never marks it).
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request is HTTPS (directly, or from a known proxy with X-Forwarded-Proto: https).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(30);
            o.SlidingExpiration = true;
            o.LoginPath = "/admin/login";
            o.AccessDeniedPath = "/admin/login";
            o.EventsType = typeof(SessionCookieEvents);
        });
    }
}
