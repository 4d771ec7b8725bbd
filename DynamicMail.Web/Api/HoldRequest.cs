namespace DynamicMail.Web.Api;

/// <summary>Body of <c>POST /api/v1/domains/{name}/hold</c>: why, and until when (UTC; empty: 3 days from now, at most 30).</summary>
public sealed record HoldRequest(string? Reason, DateTime? Until);
