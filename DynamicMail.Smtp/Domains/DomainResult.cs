namespace DynamicMail.Smtp.Domains;

/// <summary>The outcome of an operator's change to a domain: the stored domain, or why not (errors by field).</summary>
public sealed record DomainResult(CustomerDomain? Domain, DomainFailure Failure, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => Failure == DomainFailure.None;

    public static DomainResult Done(CustomerDomain? domain) => new(domain, DomainFailure.None, new Dictionary<string, string[]>());

    public static DomainResult Fail(DomainFailure failure, string field, string message) =>
        new(null, failure, new Dictionary<string, string[]> { [field] = [message] });

    public string Message => string.Join(" ", Errors.Values.SelectMany(v => v));
}
