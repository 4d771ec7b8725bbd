namespace DynamicMail.Smtp.Domains;

/// <summary>The provisioned domains. Reads are served from memory; writes go through the store's writer.</summary>
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
    Task<bool> TryAddAsync(CustomerDomain domain, string password);

    /// <summary>Replaces the settings of an existing domain (not its name or password hash).</summary>
    Task<DomainWrite> UpdateAsync(CustomerDomain domain);

    /// <summary>Stores a new password hash for the domain (and a new security stamp); false when it does not exist.</summary>
    Task<bool> SetPasswordAsync(string name, string password);

    /// <summary>Gives the domain a new security stamp, ending every session; false when it does not exist.</summary>
    Task<bool> RenewStampAsync(string name);

    /// <summary>
    /// Sets or clears the domain's hold without ending its sessions; with <paramref name="when"/>, only when it is
    /// true of the stored hold. The stored domain, or null when it does not exist (or <paramref name="when"/> said no).
    /// </summary>
    Task<CustomerDomain?> SetHoldAsync(string name, DomainHold? hold, Func<DomainHold?, bool>? when = null);

    /// <summary>Removes the domain record; false when it does not exist.</summary>
    Task<bool> DeleteAsync(string name);
}
