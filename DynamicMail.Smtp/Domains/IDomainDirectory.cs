using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Domains;

/// <summary>
/// The provisioned domains. Reads are served from memory; writes go through the store's writer. A write given an
/// <see cref="AuditEntry"/> stores it in the same commit as the change, so a change is never done without its record.
/// </summary>
public interface IDomainDirectory
{
    /// <summary>The domain whose name equals <paramref name="name"/> (case-insensitive), or null.</summary>
    CustomerDomain? FindByName(string name);

    /// <summary>The domain named by a URL segment: its slug or its full name.</summary>
    CustomerDomain? FindBySlugOrName(string slugOrName);

    IReadOnlyList<CustomerDomain> All();

    /// <summary>Checks a login; the same null for an unknown domain, a wrong username or a wrong password.</summary>
    CustomerDomain? Authenticate(string slugOrName, string username, string password);

    /// <summary>Adds a domain; false when its name or slug is taken.</summary>
    Task<bool> TryAddAsync(CustomerDomain domain, string password, AuditEntry? audit = null);

    /// <summary>Replaces the settings of an existing domain (not its name or password hash).</summary>
    Task<DomainWrite> UpdateAsync(CustomerDomain domain, AuditEntry? audit = null);

    /// <summary>Stores a new password hash for the domain (and a new security stamp); false when it does not exist.</summary>
    Task<bool> SetPasswordAsync(string name, string password, AuditEntry? audit = null);

    /// <summary>Gives the domain a new security stamp, ending every session; false when it does not exist.</summary>
    Task<bool> RenewStampAsync(string name, AuditEntry? audit = null);

    /// <summary>
    /// Sets or clears the domain's hold without ending its sessions; with <paramref name="when"/>, only when it is
    /// true of the stored hold (and only then is <paramref name="audit"/> stored). The stored domain, or null when it
    /// does not exist (or <paramref name="when"/> said no).
    /// </summary>
    Task<CustomerDomain?> SetHoldAsync(string name, DomainHold? hold, Func<DomainHold?, bool>? when = null, AuditEntry? audit = null);

    /// <summary>Removes the domain record; false when it does not exist.</summary>
    Task<bool> DeleteAsync(string name, AuditEntry? audit = null);
}
