using MudBlazor;

namespace Patron.Server.Dashboard;

/// <summary>The dashboard's MudBlazor theme: the system's own fonts (no web font is fetched) and one blue accent with
/// enough contrast on white for text and links (WCAG AA).</summary>
internal static class DashboardTheme
{
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5d8a",
            Secondary = "#d9822b",
            AppbarBackground = "#ffffff",
            AppbarText = "#1d2733",
            Background = "#f7f9fb",
            TextPrimary = "#1d2733",
            TextSecondary = "#56606b",
            TableLines = "#d6dde5",
            Info = "#2f5d8a",
            Warning = "#8a5a00",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts, FontSize = "15px", LineHeight = "1.45" },
            H1 = new H1Typography { FontFamily = Fonts, FontSize = "24px", FontWeight = "600", LineHeight = "1.3" },
            H2 = new H2Typography { FontFamily = Fonts, FontSize = "19px", FontWeight = "600", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = Fonts, FontSize = "16px", FontWeight = "600", LineHeight = "1.3" },
            Body1 = new Body1Typography { FontFamily = Fonts, FontSize = "15px" },
            Body2 = new Body2Typography { FontFamily = Fonts, FontSize = "13px" },
            Button = new ButtonTypography { FontFamily = Fonts, TextTransform = "none", FontWeight = "500" },
            Caption = new CaptionTypography { FontFamily = Fonts, FontSize = "13px" },
            Subtitle1 = new Subtitle1Typography { FontFamily = Fonts },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
