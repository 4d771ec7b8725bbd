namespace DynamicMail.Smtp.Recipients;

/// <summary>
/// Per domain, the optional list of valid recipients checked at RCPT (issue #18). Reads are served from memory;
/// an empty list accepts every local part; <c>postmaster</c> is always accepted.
/// </summary>
public interface IRecipientLists
{
    /// <summary>Whether mail to <paramref name="localPart"/>@<paramref name="domain"/> is accepted (the domain is known to be ours).</summary>
    bool Accepts(string domain, string localPart);

    /// <summary>The domain's list, sorted; empty when every local part is accepted.</summary>
    IReadOnlyList<string> Get(string domain);

    /// <summary>Replaces the domain's list after checking every entry; nothing is stored when one is bad.</summary>
    Task<RecipientListResult> SetAsync(string domain, IEnumerable<string> entries, string by);

    /// <summary>Addresses the customer's server refused as unknown, newest first: to remove from the list or to start one.</summary>
    Task<IReadOnlyList<RefusedRecipient>> RefusedAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>Removes the addresses from the list (when listed) and forgets them as refusals.</summary>
    Task<RecipientListResult> RemoveRefusedAsync(string domain, IReadOnlyCollection<string> addresses, string by);

    /// <summary>Forgets the refusals without changing the list.</summary>
    Task DismissRefusedAsync(string domain, IReadOnlyCollection<string> addresses, string by);
}
