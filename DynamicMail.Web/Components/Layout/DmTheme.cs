using MudBlazor;

namespace DynamicMail.Web.Components.Layout;

/// <summary>
/// The one theme of every page: MudBlazor's palettes with the status colours darkened (light) or lightened (dark)
/// until text in them meets WCAG AA contrast (4.5:1) on the page background.
/// </summary>
internal static class DmTheme
{
    public static MudTheme Value { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4a3bd1",
            Secondary = "#c2185b",
            Info = "#0b6bbf",
            Success = "#2e7d32",
            Warning = "#a35200",
            Error = "#c62828",
            TextSecondary = "rgba(0,0,0,0.70)",
            ActionDefault = "rgba(0,0,0,0.70)",
            AppbarBackground = "#3b2fb0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a79ffa",
            Secondary = "#f48fb1",
            Info = "#7cc0ff",
            Success = "#6fdca0",
            Warning = "#ffc266",
            Error = "#ff8a95",
            TextSecondary = "rgba(255,255,255,0.75)",
            AppbarBackground = "#1f1f29",
        },
    };
}
