namespace DynamicMail.Smtp.Recipients;

/// <summary>The outcome of replacing a list: the stored entries, or why nothing was stored (one message per bad entry, at most 20).</summary>
public sealed record RecipientListResult(IReadOnlyList<string> Entries, IReadOnlyList<string> Errors, bool DomainMissing = false)
{
    public bool Ok => Errors.Count == 0 && !DomainMissing;
}
