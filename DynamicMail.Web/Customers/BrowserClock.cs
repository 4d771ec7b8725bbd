using Microsoft.JSInterop;

namespace DynamicMail.Web.Customers;

/// <summary>
/// The browser's time zone for one circuit (asked once from <c>Intl</c>); UTC until the browser answered or when
/// it names a zone this machine does not know.
/// </summary>
internal sealed class BrowserClock
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The zone's name as shown next to times ("Europe/Berlin", or "UTC").</summary>
    public string ZoneName => NameOf(Zone);

    /// <summary>"UTC", or the zone's id ("Asia/Tokyo").</summary>
    public static string NameOf(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    /// <summary>A UTC time in <paramref name="zone"/>, as text in <paramref name="format"/>.</summary>
    public static string In(TimeZoneInfo zone, DateTime utc, string format) =>
        ToZone(zone, utc).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime ToZone(TimeZoneInfo zone, DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public async Task LearnAsync(IJSRuntime js)
    {
        try
        {
            var id = await js.InvokeAsync<string?>("dynamicMail.timeZone");
            if (!string.IsNullOrEmpty(id) && id.Length < 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                Zone = zone;
            }
        }
        catch (JSException)
        {
            // An old browser without Intl: times stay in UTC and say so.
        }
    }

    public DateTime Local(DateTime utc) => ToZone(Zone, utc);

    /// <summary>A time today as "14:03:07", another day as "3 Dec 14:03".</summary>
    public string Format(DateTime utc, DateTime nowUtc)
    {
        var local = Local(utc);
        return local.Date == Local(nowUtc).Date
            ? local.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : local.ToString("d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A date for "kept until": "Mon 7 Dec, 14:03".</summary>
    public string Day(DateTime utc) =>
        Local(utc).ToString("ddd d MMM, HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
