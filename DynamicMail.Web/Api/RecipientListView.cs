namespace DynamicMail.Web.Api;

/// <summary>A domain's recipient list: exact addresses and <c>*@domain</c>; empty accepts every local part.</summary>
public sealed record RecipientListView(IReadOnlyList<string> Recipients);
