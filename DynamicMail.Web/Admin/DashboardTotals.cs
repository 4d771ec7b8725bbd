namespace DynamicMail.Web.Admin;

/// <summary>The dashboard's headline numbers.</summary>
public sealed record DashboardTotals(
    int Online, int Offline, int Messages, long Bytes, DateTime? Oldest, double AcceptedPerMinute, double DeliveredPerMinute, int BouncesToday, int Paused);
