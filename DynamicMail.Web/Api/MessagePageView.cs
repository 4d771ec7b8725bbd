namespace DynamicMail.Web.Api;

/// <summary>A page of a domain's messages; pass <see cref="Next"/> as <c>after</c> for the following page.</summary>
public sealed record MessagePageView(IReadOnlyList<MessageView> Items, string? Next);
