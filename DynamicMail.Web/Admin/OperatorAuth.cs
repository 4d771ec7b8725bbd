using System.Security.Claims;
using DynamicMail.Smtp.Operators;
using DynamicMail.Web.Logins;
using DynamicMail.Web.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Admin;

/// <summary>
/// The operator login: a server-rendered form POST that sets the session cookie with the role <see cref="Role"/>,
/// bound to the operator's security stamp; an operator with a second factor is asked for the code first
/// (<see cref="OperatorCodeLogin"/>). Logout renews the stamp, which ends the operator's sessions.
/// </summary>
internal static class OperatorAuth
{
    public const string Role = "Operator";
    public const string Policy = "Operator";
    public const string BadLogin = "Unknown operator or wrong password.";
    public const string CodeExpired = "The login took too long: enter your password again.";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>The operator's name for the audit log.</summary>
    public static string NameOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>The account name the login throttle and the known-device cookie use.</summary>
    public static string AccountOf(string username) => "operator:" + username.Trim().ToLowerInvariant();

    public static void MapOperatorLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/auth/login", async ([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext http, IOperatorDirectory operators, LoginGate gate, PendingSecondFactor pending, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(OperatorAuth).FullName!);
            var client = http.Connection.RemoteIpAddress;
            var account = AccountOf(username ?? "");
            if (gate.TryBegin(http, account) is { } refused)
            {
                logger.LogWarning("Operator login for {Operator} refused for {Address}: too many failures", username, client);
                return Results.Redirect($"/admin/login?error={refused}");
            }
            var op = await operators.AuthenticateAsync(username ?? "", password ?? "").ConfigureAwait(false);
            if (op is null)
            {
                logger.LogWarning("Failed operator login for {Operator} from {Address}", username, client);
                return Results.Redirect("/admin/login?error=1");
            }
            var target = ReturnUrl.SafeAdmin(returnUrl);
            if (op.TotpKey is not null)
            {
                gate.Succeeded(http, account, loggedIn: false);
                pending.Begin(http, op.Username, op.SecurityStamp, target);
                return Results.Redirect("/admin/login/code");
            }
            gate.Succeeded(http, account);
            await SignInAsync(http, op);
            logger.LogInformation("Operator {Operator} logged in from {Address}", op.Username, client);
            return Results.LocalRedirect(target);
        });

        app.MapPost("/admin/auth/logout", async (HttpContext http, IOperatorDirectory operators) =>
        {
            await operators.RenewStampAsync(NameOf(http.User));
            await http.SignOutAsync();
            return Results.Redirect("/admin/login");
        }).RequireAuthorization(Policy);
        app.MapOperatorCodeLogin();
    }

    public static Task SignInAsync(HttpContext http, Operator op)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, op.Username), new Claim(ClaimTypes.Role, Role), new Claim(SessionClaims.Stamp, op.SecurityStamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        // A browser-session cookie that ends after a working day at the latest, unlike the customers' 30 days.
        return http.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            ExpiresUtc = time.GetUtcNow() + SessionLifetime,
        });
    }
}
