using System.Text;

namespace DynamicMail.Bench;

/// <summary>One line of the results table.</summary>
internal sealed record Row(string Scenario, string DynamicMail, string Postfix, string Ratio, string Target, string Met);

/// <summary>Medians, formatting and the Markdown table.</summary>
internal static class Report
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) { return double.NaN; }
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) { return double.NaN; }
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Rate(double perSecond) => $"{perSecond:N0} msg/s";
    public static string Mb(double bytes) => $"{bytes / 1024 / 1024:N0} MB";
    public static string Ms(double ms) => $"{ms:N0} ms";
    public static string Times(double ratio) => double.IsFinite(ratio) ? $"{ratio:0.00}×" : "—";
    public static string Samples(IEnumerable<double> values, Func<double, string> format) => string.Join(", ", values.Select(format));
    public static string Met(bool met) => met ? "met" : "**missed**";

    public static string Markdown(IEnumerable<Row> rows, IEnumerable<string> header, IEnumerable<string> notes)
    {
        var sb = new StringBuilder();
        foreach (var h in header) { sb.AppendLine(h); }
        sb.AppendLine();
        sb.AppendLine("| scenario | DynamicMail | Postfix | ratio | target | met? |");
        sb.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine($"| {r.Scenario} | {r.DynamicMail} | {r.Postfix} | {r.Ratio} | {r.Target} | {r.Met} |");
        }
        sb.AppendLine();
        foreach (var n in notes) { sb.AppendLine(n); }
        return sb.ToString();
    }
}
