namespace DynamicMail.Smtp.Domains;

/// <summary>The result of changing a domain record.</summary>
public enum DomainWrite
{
    Done,
    NotFound,
    SlugTaken,
}
