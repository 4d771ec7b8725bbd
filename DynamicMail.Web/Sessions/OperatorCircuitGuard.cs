using DynamicMail.Web.Admin;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DynamicMail.Web.Sessions;

/// <summary>
/// An open console tab acts through its circuit, not through requests: every inbound circuit activity (a click, a
/// form submit) of an operator is checked against the operator's current account, so a disabled or removed operator,
/// or one whose password changed or who logged out elsewhere, can do nothing more. The circuit ends; a reload meets
/// the login page.
/// </summary>
internal sealed class OperatorCircuitGuard(AuthenticationStateProvider auth, SessionCheck check, ILogger<OperatorCircuitGuard> logger)
    : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            // Every await here must come back to the circuit's dispatcher: `next` renders (adds root components,
            // dispatches events) and asserts it runs there. With ConfigureAwait(false) it ran on a pool thread
            // whenever the account check really went to the store asynchronously (PostgreSQL; LiteDB answered
            // synchronously), and the console's interactive parts never started.
            var user = (await auth.GetAuthenticationStateAsync().ConfigureAwait(true)).User;
            if (user.IsInRole(OperatorAuth.Role) && !await check.IsCurrentAsync(user).ConfigureAwait(true))
            {
                logger.LogWarning("Ended the console circuit of {Operator}: the session is no longer current", user.Identity?.Name);
                throw new InvalidOperationException($"The console session of {user.Identity?.Name} is no longer current.");
            }
            await next(context).ConfigureAwait(true);
        };
}
