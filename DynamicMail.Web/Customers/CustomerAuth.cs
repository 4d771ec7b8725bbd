using System.Security.Claims;
using DynamicMail.Smtp.Domains;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Customers;

/// <summary>The customer login: a server-rendered form POST that sets a persistent cookie bound to one domain.</summary>
internal static class CustomerAuth
{
    public const string DomainClaim = "dm:domain";
    public const string CustomerRole = "Customer";
    public const string BadLogin = "Unknown domain, username or password.";

    public static string? DomainOf(ClaimsPrincipal user) =>
        user.IsInRole(CustomerRole) ? user.FindFirst(DomainClaim)?.Value : null;

    public static void MapCustomerLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/mailserver/{slug}/login", async (string slug, [FromForm] string? username, [FromForm] string? password, HttpContext http, IDomainDirectory domains, LoginThrottle throttle) =>
        {
            var client = http.Connection.RemoteIpAddress;
            if (throttle.IsBlocked(client))
            {
                return Results.Redirect($"/mailserver/{Uri.EscapeDataString(slug)}?error=2");
            }
            var domain = domains.Authenticate(slug, username ?? "", password ?? "");
            if (domain is null)
            {
                throttle.Failed(client);
                return Results.Redirect($"/mailserver/{Uri.EscapeDataString(slug)}?error=1");
            }
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, domain.Username), new Claim(DomainClaim, domain.Name), new Claim(ClaimTypes.Role, CustomerRole)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
            return Results.Redirect($"/mailserver/{Uri.EscapeDataString(slug)}");
        });

        app.MapPost("/mailserver/{slug}/logout", async (string slug, HttpContext http) =>
        {
            await http.SignOutAsync();
            return Results.Redirect($"/mailserver/{Uri.EscapeDataString(slug)}");
        });
    }
}
