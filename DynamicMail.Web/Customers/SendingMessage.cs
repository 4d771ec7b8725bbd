namespace DynamicMail.Web.Customers;

/// <summary>A message in a delivery attempt right now.</summary>
public sealed record SendingMessage(string Id, string Sender, long Size, DateTime Since);
