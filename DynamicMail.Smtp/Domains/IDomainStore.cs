using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Domains;

/// <summary>
/// What the domain directory needs from a store; names arrive normalized (lower case, no trailing dot). Each write
/// is durable when it completes; reads and merges inside a write see the stored record, not a cached one.
/// </summary>
internal interface IDomainStore
{
    Task<IReadOnlyList<CustomerDomain>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds the domain, with <paramref name="audit"/> in the same commit; false (nothing written) when its name or slug is taken.</summary>
    Task<bool> AddAsync(CustomerDomain domain, AuditEntry? audit = null);

    /// <summary>
    /// Replaces the stored record of <paramref name="domain"/> by <paramref name="merge"/>(stored) (which copies what
    /// the caller may not change), with <paramref name="audit"/> in the same commit; refused (nothing written) when the
    /// domain is missing or another one has its slug.
    /// </summary>
    Task<DomainWrite> ReplaceAsync(CustomerDomain domain, Action<CustomerDomain> merge, AuditEntry? audit = null);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored record and writes the audit entry it returns (if any) in the same
    /// commit; returns the record as stored, null when it does not exist.
    /// </summary>
    Task<CustomerDomain?> ChangeAsync(string name, Func<CustomerDomain, AuditEntry?> change);

    /// <summary>Removes the record, with <paramref name="audit"/> in the same commit; false (nothing written) when it does not exist.</summary>
    Task<bool> DeleteAsync(string name, AuditEntry? audit = null);
}
