namespace DynamicMail.Web.Api;

/// <summary>The pending mail of one domain.</summary>
public sealed record QueueSummaryView(string Domain, int Messages, long Bytes, DateTime? Oldest, bool Online);
