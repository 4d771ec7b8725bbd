namespace DynamicMail.Web.Api;

/// <summary>The answer to a started bulk action: its id and how many messages it matched.</summary>
public sealed record BulkStarted(string Id, int Matched);
