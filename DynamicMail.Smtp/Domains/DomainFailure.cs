namespace DynamicMail.Smtp.Domains;

/// <summary>Why an operator's change to a domain was not made (the API maps these to 400, 404 and 409).</summary>
public enum DomainFailure
{
    None,
    Invalid,
    NotFound,
    Conflict,
}
