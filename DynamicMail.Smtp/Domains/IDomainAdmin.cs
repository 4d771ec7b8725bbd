namespace DynamicMail.Smtp.Domains;

/// <summary>
/// Creating, editing and deleting domains for the console and the HTTP API alike: the same checks and messages
/// everywhere, an audit entry for each change.
/// </summary>
public interface IDomainAdmin
{
    Task<DomainResult> CreateAsync(DomainInput input, string by);

    Task<DomainResult> UpdateAsync(string name, DomainInput input, string by);

    Task<DomainResult> ResetPasswordAsync(string name, string password, string by);

    /// <summary>Ends every session of the domain's login ("log out everywhere", and a customer's logout).</summary>
    Task<DomainResult> LogOutEverywhereAsync(string name, string by);

    /// <summary>Deletes a domain whose queue is empty, or, with <paramref name="returnQueued"/>, after returning its mail to the senders.</summary>
    Task<DomainResult> DeleteAsync(string name, bool returnQueued, string by);
}
