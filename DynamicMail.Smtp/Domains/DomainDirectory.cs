using System.Collections.Immutable;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Domains;

/// <summary>The provisioned domains, mirrored in an immutable in-memory map for the RCPT hot path.</summary>
internal sealed class DomainDirectory : IDomainDirectory
{
    private static readonly string DummyHash = PasswordHasher.Hash(Guid.NewGuid().ToString());
    private readonly IDomainStore _store;
    private readonly TimeProvider _time;
    private readonly ISecretProtector _secrets;
    private ImmutableDictionary<string, CustomerDomain> _byName;

    public DomainDirectory(IDomainStore store, TimeProvider time, ISecretProtector secrets)
    {
        _secrets = secrets;
        _store = store;
        _time = time;
        // Once, at start-up (the container builds it before the listeners start): every later read is from memory.
        _byName = Load(store.AllAsync().GetAwaiter().GetResult());
    }

    /// <summary>Reads every domain from the store again (another node on a shared store changed one).</summary>
    internal async Task ReloadAsync(CancellationToken cancellationToken = default) =>
        _byName = Load(await _store.AllAsync(cancellationToken).ConfigureAwait(false));

    private static ImmutableDictionary<string, CustomerDomain> Load(IEnumerable<CustomerDomain> domains) =>
        domains.Select(WithIdentity).ToImmutableDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public CustomerDomain? FindByName(string name) => _byName.GetValueOrDefault(name.TrimEnd('.'));

    public CustomerDomain? FindBySlugOrName(string slugOrName) =>
        FindByName(slugOrName) ?? _byName.Values.FirstOrDefault(d => string.Equals(d.Slug, slugOrName, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<CustomerDomain> All() => _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    public CustomerDomain? Authenticate(string slugOrName, string username, string password)
    {
        var domain = FindBySlugOrName(slugOrName);
        // Hash even when the domain is unknown, so timing does not tell which domains exist.
        var ok = PasswordHasher.Verify(password, domain?.PasswordHash ?? DummyHash);
        return ok && domain is { Disabled: false } && string.Equals(domain.Username, username, StringComparison.Ordinal) ? domain : null;
    }

    public async Task<bool> TryAddAsync(CustomerDomain domain, string password, AuditEntry? audit = null)
    {
        domain.Name = domain.Name.Trim().TrimEnd('.').ToLowerInvariant();
        domain.Slug = string.IsNullOrWhiteSpace(domain.Slug) ? domain.Name.Split('.')[0] : domain.Slug.Trim().ToLowerInvariant();
        domain.PasswordHash = PasswordHasher.Hash(password);
        domain.OdmrSecret = _secrets.Protect(password);
        domain.CreatedAt = _time.GetUtcNow().UtcDateTime;
        domain.Identity = SecurityStamps.New();
        domain.SecurityStamp = SecurityStamps.New();
        var added = await _store.AddAsync(domain, audit).ConfigureAwait(false);
        if (added)
        {
            ImmutableInterlocked.Update(ref _byName, m => m.SetItem(domain.Name, domain));
        }
        return added;
    }

    public async Task<DomainWrite> UpdateAsync(CustomerDomain domain, AuditEntry? audit = null)
    {
        var result = await _store.ReplaceAsync(domain, stored =>
        {
            domain.PasswordHash = stored.PasswordHash;
            domain.OdmrSecret = stored.OdmrSecret;
            domain.CreatedAt = stored.CreatedAt;
            domain.Hold = stored.Hold;
            domain.Identity = SecurityStamps.IdentityOf(stored);
            // A new username or disabling ends every session; other settings leave them alone.
            var sameLogin = domain.Username == stored.Username && (domain.Disabled == stored.Disabled || !domain.Disabled);
            domain.SecurityStamp = sameLogin ? stored.SecurityStamp : SecurityStamps.New();
        }, audit).ConfigureAwait(false);
        if (result == DomainWrite.Done)
        {
            ImmutableInterlocked.Update(ref _byName, m => m.SetItem(domain.Name, domain));
        }
        return result;
    }

    public Task<bool> SetPasswordAsync(string name, string password, AuditEntry? audit = null)
    {
        var hash = PasswordHasher.Hash(password);
        var secret = _secrets.Protect(password);
        return ChangeAsync(name, d => (d.PasswordHash, d.OdmrSecret) = (hash, secret), audit);
    }

    public async Task<CustomerDomain?> SetHoldAsync(string name, DomainHold? hold, Func<DomainHold?, bool>? when = null, AuditEntry? audit = null)
    {
        var matched = true;
        var updated = await _store.ChangeAsync(DomainValidator.NormalizeName(name), stored =>
        {
            matched = when?.Invoke(stored.Hold) ?? true;
            if (matched)
            {
                stored.Hold = hold;
            }
            stored.Identity = SecurityStamps.IdentityOf(stored);
            return matched ? audit : null;
        }).ConfigureAwait(false);
        if (updated is not null)
        {
            ImmutableInterlocked.Update(ref _byName, m => m.SetItem(updated.Name, updated));
        }
        return matched ? updated : null;
    }

    public Task<bool> RenewStampAsync(string name, AuditEntry? audit = null) => ChangeAsync(name, _ => { }, audit);

    /// <summary>Changes the stored record and gives it a new security stamp, which ends its sessions.</summary>
    private async Task<bool> ChangeAsync(string name, Action<CustomerDomain> change, AuditEntry? audit)
    {
        var stamp = SecurityStamps.New();
        var updated = await _store.ChangeAsync(name, stored =>
        {
            change(stored);
            stored.Identity = SecurityStamps.IdentityOf(stored);
            stored.SecurityStamp = stamp;
            return audit;
        }).ConfigureAwait(false);
        if (updated is not null)
        {
            ImmutableInterlocked.Update(ref _byName, m => m.SetItem(updated.Name, updated));
        }
        return updated is not null;
    }

    public async Task<bool> DeleteAsync(string name, AuditEntry? audit = null)
    {
        var deleted = await _store.DeleteAsync(name, audit).ConfigureAwait(false);
        if (deleted)
        {
            ImmutableInterlocked.Update(ref _byName, m => m.Remove(name));
        }
        return deleted;
    }

    private static CustomerDomain WithIdentity(CustomerDomain domain)
    {
        domain.Identity = SecurityStamps.IdentityOf(domain);
        return domain;
    }
}
