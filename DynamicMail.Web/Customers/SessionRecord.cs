namespace DynamicMail.Web.Customers;

/// <summary>
/// One collecting session of a domain (a browser page or an ODMR client), as its customer's page lists it:
/// when it started, from where, when it ended (null while it lasts) and how many messages left the queue.
/// </summary>
public sealed record SessionRecord(DateTime Start, string From, DateTime? End, int Done, int Delivered, int Returned);
