namespace DynamicMail.Web.Admin;

/// <summary>Mail accepted and recipients delivered in one minute (UTC), for the dashboard's last-hour chart.</summary>
public sealed record MinuteCount(DateTime Minute, int Accepted, int Delivered);
