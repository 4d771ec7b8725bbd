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
}
