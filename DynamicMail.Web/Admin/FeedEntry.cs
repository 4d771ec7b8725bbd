namespace DynamicMail.Web.Admin;

/// <summary>One line of the dashboard's live event feed.</summary>
public sealed record FeedEntry(DateTime At, string Domain, string Kind, string Text);
