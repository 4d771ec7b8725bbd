namespace DynamicMail.Smtp.Domains;

/// <summary>
/// A pause of delivery for one domain ("maintenance mode"): mail keeps queuing, no delivery starts until
/// <see cref="Until"/>, when the hold lifts itself. Stored with the domain.
/// </summary>
public sealed class DomainHold
{
    public string Reason { get; set; } = "";

    /// <summary>When the hold lifts itself (UTC).</summary>
    public DateTime Until { get; set; }

    /// <summary>Who set it: an operator's name or <c>customer {username}</c>.</summary>
    public string By { get; set; } = "";

    public DateTime SetAt { get; set; }

    /// <summary>The hold of <paramref name="domain"/> that is in force at <paramref name="now"/>, or null.</summary>
    public static DomainHold? Active(CustomerDomain? domain, DateTime now) =>
        domain?.Hold is { } hold && hold.Until > now ? hold : null;
}
