namespace DynamicMail.Smtp.Domains;

/// <summary>
/// Pausing and resuming delivery for a domain, by an operator (console, API) or the customer (their page). The same
/// checks everywhere; each change is audited with its actor and announced as a domain change.
/// </summary>
public interface IDomainHolds
{
    /// <summary>Holds delivery until <paramref name="until"/> (default: <see cref="HoldLimits.DefaultLength"/> from now).</summary>
    Task<DomainResult> HoldAsync(string domain, string? reason, DateTime? until, string by);

    /// <summary>Lifts the hold at once; a domain without a hold is left as it is.</summary>
    Task<DomainResult> ReleaseAsync(string domain, string by);
}
