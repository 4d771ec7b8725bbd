using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Web.Logins;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Admin;

/// <summary>
/// The second step of an operator login with TOTP: the code, posted from /admin/login/code within
/// <see cref="PendingSecondFactor.Lifetime"/> of the password. Code guesses are throttled like passwords, on their own count.
/// </summary>
internal static class OperatorCodeLogin
{
    public static void MapOperatorCodeLogin(this IEndpointRouteBuilder app) =>
        app.MapPost("/admin/auth/code", async ([FromForm] string? code, HttpContext http, IOperatorDirectory operators,
            PendingSecondFactor pending, LoginGate gate, TotpVerifier totp, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(OperatorCodeLogin).FullName!);
            // The operator as it is now: still there, enabled, same stamp (no new password meanwhile), still enrolled.
            if (pending.Read(http) is not { } started
                || await operators.FindAsync(started.Username).ConfigureAwait(false) is not { Disabled: false, TotpKey: { } key } op
                || !SecurityStamps.Same(started.Stamp, op.SecurityStamp))
            {
                PendingSecondFactor.End(http);
                return Results.Redirect("/admin/login?error=4");
            }
            var account = OperatorAuth.AccountOf(op.Username);
            var throttleKey = account + ":code";
            if (gate.TryBeginCode(http, throttleKey) is { } refused)
            {
                return Results.Redirect($"/admin/login/code?error={refused}");
            }
            if (!totp.TryLogin(op.Username, key, code ?? ""))
            {
                logger.LogWarning("Wrong login code for {Operator} from {Address}", op.Username, http.Connection.RemoteIpAddress);
                return Results.Redirect("/admin/login/code?error=1");
            }
            gate.CodeSucceeded(http, account, throttleKey);
            PendingSecondFactor.End(http);
            await OperatorAuth.SignInAsync(http, op);
            logger.LogInformation("Operator {Operator} logged in with a second factor from {Address}", op.Username, http.Connection.RemoteIpAddress);
            return Results.LocalRedirect(ReturnUrl.SafeAdmin(started.ReturnUrl));
        });
}
