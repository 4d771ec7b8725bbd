namespace DynamicMail.Web.Api;

/// <summary>An address the customer's server refused as unknown during delivery (a candidate for removal from the list).</summary>
public sealed record RefusedRecipientView(string Address, string Reply, DateTime At);
