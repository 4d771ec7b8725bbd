using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DynamicMail.Web.Sessions;

/// <summary>
/// Checks the session cookie against its account on every request that presents it: page loads, form posts and
/// the Blazor circuit's own connection. A cookie that is no longer current is refused and deleted.
/// </summary>
internal sealed class SessionCookieEvents(SessionCheck check, ILogger<SessionCookieEvents> logger) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } user && !await check.IsCurrentAsync(user).ConfigureAwait(false))
        {
            logger.LogInformation("Refused a session cookie of {User} that is no longer current", user.Identity?.Name);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name).ConfigureAwait(false);
        }
    }

    /// <summary>Signed in, but not an operator (a customer's cookie): a plain 403, not a redirect.</summary>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(
            "403 Forbidden: the operator console needs an operator login (/admin/login); a customer login does not open it.");
    }
}
