using MudBlazor;

namespace DynamicMail.Web.Components.Layout;

/// <summary>
/// The one theme of every page: MudBlazor's palettes with the status colours darkened (light) or lightened (dark)
/// until text in them meets WCAG AA contrast (4.5:1) on the page background; in the dark palette, text on those
/// colours is dark (DarkModeTests runs axe with a dark system).
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
            // Light colours carry dark text: white on them fell under 4.5:1 (filled buttons, chips).
            PrimaryContrastText = "#14121f",
            SecondaryContrastText = "#14121f",
            InfoContrastText = "#14121f",
            SuccessContrastText = "#14121f",
            WarningContrastText = "#14121f",
            ErrorContrastText = "#14121f",
            TextSecondary = "rgba(255,255,255,0.75)",
            AppbarBackground = "#1f1f29",
        },
    };
}
