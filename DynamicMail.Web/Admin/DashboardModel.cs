using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Admin;

/// <summary>Builds the dashboard from in-memory state only (directory, presence, status board, queue counters): cheap for 1,000 domains.</summary>
internal sealed class DashboardModel(IDomainDirectory domains, PresenceRegistry presence, DomainStatusBoard board, IMailQueue queue, ConsoleActivity activity)
{
    public ConsoleActivity Activity => activity;

    public IReadOnlyList<DomainRow> Rows() => domains.All().Select(Row).ToList();

    private DomainRow Row(CustomerDomain d)
    {
        var here = presence.Anywhere(d.Name);
        var odmr = here is null ? activity.Odmr(d.Name) : null;
        var status = board.Get(d.Name);
        var summary = queue.Summarize(d.Name);
        return new DomainRow(
            d.Name,
            d.Disabled,
            here is not null || odmr is not null,
            here?.Since ?? odmr?.At ?? activity.OfflineSince(d.Name),
            (here is null ? null : here.Address + (here.Node is { } node ? $" (node {node})" : "")) ?? (odmr is null ? null : "ODMR " + odmr.Client),
            Target(d, here, status),
            summary.Messages,
            summary.Bytes,
            summary.Oldest,
            status.State,
            status.Text,
            status.LastReply,
            activity.LastConnected(d.Name));
    }

    private static string Target(CustomerDomain d, DomainPresence? here, DomainStatus status) =>
        status.Target?.ToString()
        ?? new DeliveryTarget(d.DeliveryHost ?? here?.Address.ToString() ?? "browser IP", d.DeliveryPort).ToString();

    public DashboardTotals Totals(IReadOnlyList<DomainRow> rows, DateTime now)
    {
        var hour = activity.LastHour();
        var fraction = (now.Second + now.Millisecond / 1000.0) / 60.0;
        double Rolling(Func<MinuteCount, int> pick) => pick(hour[^1]) + pick(hour[^2]) * (1 - fraction);
        var online = rows.Count(r => r.Online);
        return new DashboardTotals(
            online,
            rows.Count - online,
            rows.Sum(r => r.Queued),
            rows.Sum(r => r.Bytes),
            rows.Where(r => r.Oldest is not null).Min(r => r.Oldest),
            Rolling(m => m.Accepted),
            Rolling(m => m.Delivered),
            activity.BouncesToday(),
            rows.Count(r => r.Paused));
    }
}
