namespace DynamicMail.Web.Customers;

/// <summary>A delivery attempt the customer's server refused or did not answer (a site fault, nothing was sent).</summary>
public sealed record FailedAttempt(DateTime At, string Reply, bool Refused);
