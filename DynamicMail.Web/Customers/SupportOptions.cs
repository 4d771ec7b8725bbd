namespace DynamicMail.Web.Customers;

/// <summary>Who customers contact when their mail does not arrive (<c>DynamicMail:Support</c>).</summary>
internal sealed class SupportOptions
{
    public const string Section = "DynamicMail:Support";

    /// <summary>Shown on the customer's page when set: an e-mail address, phone number or URL, as written.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(300)]
    public string? Contact { get; set; }
}
