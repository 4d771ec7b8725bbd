using System.Security.Claims;
using DynamicMail.Smtp.Operators;
using DynamicMail.Web.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Admin;

/// <summary>
/// The operator login: a server-rendered form POST that sets the session cookie with the role <see cref="Role"/>,
/// bound to the operator's security stamp; logout renews the stamp, which ends the operator's sessions.
/// </summary>
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
            var client = http.Connection.RemoteIpAddress;
            if (!throttle.TryBegin(client))
            {
                logger.LogWarning("Operator login refused for {Address}: too many failures", client);
                return Results.Redirect("/admin/login?error=2");
            }
            var op = operators.Authenticate(username ?? "", password ?? "");
            if (op is null)
            {
                logger.LogWarning("Failed operator login for {Operator} from {Address}", username, client);
                return Results.Redirect("/admin/login?error=1");
            }
            throttle.Succeeded(client);
            await SignInAsync(http, op, time);
            logger.LogInformation("Operator {Operator} logged in from {Address}", op.Username, client);
            return Results.LocalRedirect(ReturnUrl.SafeAdmin(returnUrl));
        });

        app.MapPost("/admin/auth/logout", async (HttpContext http, IOperatorDirectory operators) =>
        {
            await operators.RenewStampAsync(NameOf(http.User));
            await http.SignOutAsync();
            return Results.Redirect("/admin/login");
        }).RequireAuthorization(Policy);
    }

    private static Task SignInAsync(HttpContext http, Operator op, TimeProvider time)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, op.Username), new Claim(ClaimTypes.Role, Role), new Claim(SessionClaims.Stamp, op.SecurityStamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        // A browser-session cookie that ends after a working day at the latest, unlike the customers' 30 days.
        return http.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            ExpiresUtc = time.GetUtcNow() + SessionLifetime,
        });
    }
}
