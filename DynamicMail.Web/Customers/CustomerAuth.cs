using System.Security.Claims;
using DynamicMail.Smtp.Domains;
using DynamicMail.Web.Logins;
using DynamicMail.Web.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Customers;

/// <summary>
/// The customer login: a server-rendered form POST that sets a persistent cookie bound to one domain's identity
/// and security stamp (see <see cref="SessionCheck"/>). Logout renews the stamp, which ends the login's sessions.
/// </summary>
internal static class CustomerAuth
{
    public const string DomainClaim = "dm:domain";
    public const string CustomerRole = "Customer";
    public const string BadLogin = "Unknown domain, username or password.";

    public static string? DomainOf(ClaimsPrincipal user) =>
        user.IsInRole(CustomerRole) ? user.FindFirst(DomainClaim)?.Value : null;

    public static void MapCustomerLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/mailserver/{slug}/login", async (string slug, [FromForm] string? username, [FromForm] string? password,
            HttpContext http, IDomainDirectory domains, LoginGate gate) =>
        {
            var page = $"/mailserver/{Uri.EscapeDataString(slug)}";
            var account = AccountOf(slug, username ?? "", domains.FindBySlugOrName(slug));
            if (gate.TryBegin(http, account) is { } refused)
            {
                return Results.Redirect($"{page}?error={refused}");
            }
            var domain = domains.Authenticate(slug, username ?? "", password ?? "");
            if (domain is null)
            {
                return Results.Redirect($"{page}?error=1");
            }
            gate.Succeeded(http, account);
            await http.SignInAsync(Principal(domain), new AuthenticationProperties { IsPersistent = true });
            return Results.Redirect(page);
        });

        app.MapPost("/mailserver/{slug}/logout", async (string slug, HttpContext http, SessionCheck sessions, IDomainAdmin admin) =>
        {
            if (DomainOf(http.User) is { } domain && sessions.IsCustomerOf(http.User, domain))
            {
                await admin.LogOutEverywhereAsync(domain, $"customer {http.User.Identity?.Name}");
            }
            await http.SignOutAsync();
            return Results.Redirect($"/mailserver/{Uri.EscapeDataString(slug)}");
        });
    }

    /// <summary>
    /// The account name the login throttle and the known-device cookie use: the domain's identity (so a recreated
    /// domain starts afresh) and the username as typed; for an unknown domain, the slug as typed.
    /// </summary>
    private static string AccountOf(string slug, string username, CustomerDomain? domain) =>
        DynamicMail.Smtp.Odmr.IAuthThrottle.CustomerAccount(domain, slug, username);

    private static ClaimsPrincipal Principal(CustomerDomain domain) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, domain.Username),
            new Claim(DomainClaim, domain.Name),
            new Claim(ClaimTypes.Role, CustomerRole),
            new Claim(SessionClaims.Identity, domain.Identity),
            new Claim(SessionClaims.Stamp, domain.SecurityStamp),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));
}
