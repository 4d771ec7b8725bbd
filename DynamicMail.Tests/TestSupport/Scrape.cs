using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;

namespace DynamicMail.Tests.TestSupport;

/// <summary>One read of /metrics in the Prometheus text format, summed by name and label filter.</summary>
public sealed partial class Scrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private Scrape(string text, List<(string, string, double)> samples)
    {
        Text = text;
        _samples = samples;
    }

    public string Text { get; }

    public static async Task<Scrape> ReadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is { Success: true } m)
            {
                samples.Add((m.Groups["name"].Value, m.Groups["labels"].Value,
                    double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }
        return new Scrape(text, samples);
    }

    /// <summary>The sum of every series named <paramref name="name"/> whose labels contain each of <paramref name="labels"/> (0 when none).</summary>
    public double Value(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    public bool Has(string name) => _samples.Exists(s => s.Name == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>[-+0-9.eE]+|NaN|\+Inf|-Inf)(\s+\d+)?\s*$")]
    private static partial Regex Sample();
}
