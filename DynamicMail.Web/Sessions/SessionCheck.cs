using System.Security.Claims;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Web.Admin;
using DynamicMail.Web.Customers;

namespace DynamicMail.Web.Sessions;

/// <summary>
/// Whether a session still belongs to the current state of its account (ARCHITECTURE rule 10): the same domain
/// (not one deleted and created again), the same username, not disabled, and the security stamp it was issued
/// with (a new password, "log out everywhere" and logout change it).
/// </summary>
internal sealed class SessionCheck(IDomainDirectory domains, IOperatorDirectory operators)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user)
    {
        if (user.IsInRole(CustomerAuth.CustomerRole))
        {
            return IsCurrentCustomer(user);
        }
        return user.IsInRole(OperatorAuth.Role) && await IsCurrentOperatorAsync(user).ConfigureAwait(false);
    }

    /// <summary>The user is logged in, now, for exactly <paramref name="domain"/>.</summary>
    public bool IsCustomerOf(ClaimsPrincipal user, string domain) =>
        string.Equals(CustomerAuth.DomainOf(user), domain, StringComparison.OrdinalIgnoreCase) && IsCurrentCustomer(user);

    private bool IsCurrentCustomer(ClaimsPrincipal user) =>
        domains.FindByName(user.FindFirst(CustomerAuth.DomainClaim)?.Value ?? "") is { Disabled: false } domain
        && string.Equals(user.Identity?.Name, domain.Username, StringComparison.Ordinal)
        && SecurityStamps.Same(user.FindFirst(SessionClaims.Identity)?.Value, domain.Identity)
        && SecurityStamps.Same(user.FindFirst(SessionClaims.Stamp)?.Value, domain.SecurityStamp);

    private async Task<bool> IsCurrentOperatorAsync(ClaimsPrincipal user) =>
        await operators.FindAsync(user.Identity?.Name ?? "").ConfigureAwait(false) is { Disabled: false } op
        && SecurityStamps.Same(user.FindFirst(SessionClaims.Stamp)?.Value, op.SecurityStamp);
}
