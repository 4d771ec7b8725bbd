namespace DynamicMail.Web.Api;

/// <summary>One recipient of a queued message.</summary>
public sealed record RecipientView(string Address, string State, int Attempts, string? LastReply);
