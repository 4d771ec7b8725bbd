using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Recipients;

/// <summary>
/// What the recipient lists need from a store; domain names arrive normalized (lower case), entries normalized by
/// <see cref="RecipientEntries"/>. Each write is durable when it completes.
/// </summary>
internal interface IRecipientListStore
{
    /// <summary>Every domain's non-empty list.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the domain's list, with <paramref name="audit"/> in the same commit; an empty list removes it (every
    /// local part is accepted again).
    /// </summary>
    Task SetAsync(string domain, IReadOnlyList<string> entries, AuditEntry? audit = null);

    /// <summary>Remembers (or refreshes) an address the customer's server refused as unknown; keeps the newest 200 per domain.</summary>
    Task NoteRefusedAsync(RefusedRecipient refused);

    /// <summary>The domain's remembered refusals, newest first.</summary>
    Task<IReadOnlyList<RefusedRecipient>> RefusedAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets the given refused addresses of the domain (all of them when <paramref name="addresses"/> is null), with
    /// <paramref name="audit"/> in the same commit.
    /// </summary>
    Task ForgetRefusedAsync(string domain, IReadOnlyCollection<string>? addresses, AuditEntry? audit = null);
}
