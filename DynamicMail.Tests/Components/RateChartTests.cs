using Bunit;
using DynamicMail.Web.Admin;
using DynamicMail.Web.Components.Admin;
using MudBlazor.Services;

namespace DynamicMail.Tests.Components;

/// <summary>The dashboard's chart: a time axis with labels, a value axis, and a description for screen readers.</summary>
public sealed class RateChartTests : BunitContext
{
    public RateChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The chart sizes itself to its frame as the browser measures it: a desktop frame, 220 px high.
        JSInterop.Setup<MudBlazor.Interop.ElementSize>("mudObserveElementSize", _ => true)
            .SetResult(new MudBlazor.Interop.ElementSize { Width = 900, Height = 220, Timestamp = 1 });
        Services.AddMudServices();
    }

    private static List<MinuteCount> LastHour(DateTime start) =>
        Enumerable.Range(0, 60).Select(i => new MinuteCount(start.AddMinutes(i), Accepted: i % 7, Delivered: i % 5)).ToList();

    private static List<string> Texts(IRenderedComponent<RateChart> cut, string selector) =>
        cut.FindAll(selector).Select(t => t.TextContent.Trim()).Where(t => t.Length > 0).ToList();

    [Fact]
    public void WithAnHourOfMinutes_LabelsTheTimeAxisEveryTenMinutes_AndTheValueAxis()
    {
        var cut = Render<RateChart>(p => p.Add(c => c.Minutes, LastHour(new DateTime(2026, 12, 2, 13, 0, 0, DateTimeKind.Utc))));

        Assert.Equal(["13:00", "13:10", "13:20", "13:30", "13:40", "13:50", "13:59"], Texts(cut, ".mud-charts-xaxis text"));
        Assert.NotEmpty(Texts(cut, ".mud-charts-yaxis text"));
        Assert.Contains("peak 6 a minute", cut.Find("[data-testid=rate-chart]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Over the last hour", cut.Find("[role=img]").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void WithOneMessage_DescribesItInTheSingular()
    {
        var minute = new DateTime(2026, 12, 2, 13, 0, 0, DateTimeKind.Utc);

        var cut = Render<RateChart>(p => p.Add(c => c.Minutes, new List<MinuteCount> { new(minute, 1, 1) }));

        Assert.Equal("Over the last hour 1 message was accepted and 1 recipient delivered; peak 1 a minute",
            cut.Find("[role=img]").GetAttribute("aria-label"));
    }

    [Fact]
    public void WithNoMinutes_SaysNoMail_ForScreenReaders()
    {
        var cut = Render<RateChart>(p => p.Add(c => c.Minutes, new List<MinuteCount>()));

        Assert.Equal("No mail in the last hour", cut.Find("[role=img]").GetAttribute("aria-label"));
    }
}
