namespace DynamicMail.Smtp.Recipients;

/// <summary>An address the customer's own server refused as unknown (<c>550 5.1.1</c>) during delivery.</summary>
public sealed record RefusedRecipient(string Domain, string Address, string Reply, DateTime At);
