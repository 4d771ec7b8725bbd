using System.Security.Claims;
using DynamicMail.Smtp.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Admin;

/// <summary>The operator login: a server-rendered form POST that sets the session cookie with the role <see cref="Role"/>.</summary>
internal static class OperatorAuth
{
    public const string Role = "Operator";
    public const string Policy = "Operator";
    public const string BadLogin = "Unknown operator or wrong password.";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>The operator's name for the audit log.</summary>
    public static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static void MapOperatorLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/auth/login", async ([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext http, IOperatorDirectory operators, TimeProvider time, ILoggerFactory loggers, LoginThrottle throttle) =>
        {
            var logger = loggers.CreateLogger(typeof(OperatorAuth).FullName!);
            if (throttle.IsBlocked(http.Connection.RemoteIpAddress))
            {
                logger.LogWarning("Operator login refused for {Address}: too many failures", http.Connection.RemoteIpAddress);
                return Results.Redirect("/admin/login?error=2");
            }
            var op = operators.Authenticate(username ?? "", password ?? "");
            if (op is null)
            {
                throttle.Failed(http.Connection.RemoteIpAddress);
                logger.LogWarning("Failed operator login for {Operator} from {Address}", username, http.Connection.RemoteIpAddress);
                return Results.Redirect("/admin/login?error=1");
            }
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, op.Username), new Claim(ClaimTypes.Role, Role)], CookieAuthenticationDefaults.AuthenticationScheme);
            // A browser-session cookie that ends after a working day at the latest, unlike the customers' 30 days.
            await http.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties
            {
                IsPersistent = false,
                AllowRefresh = false,
                ExpiresUtc = time.GetUtcNow() + SessionLifetime,
            });
            logger.LogInformation("Operator {Operator} logged in from {Address}", op.Username, http.Connection.RemoteIpAddress);
            return Results.LocalRedirect(IsLocalAdmin(returnUrl) ? returnUrl! : "/admin");
        });

        app.MapPost("/admin/auth/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync();
            return Results.Redirect("/admin/login");
        }).RequireAuthorization(Policy);
    }

    private static bool IsLocalAdmin(string? url) =>
        url is not null && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal);
}
