namespace Patron.Pipeline.Report.Charts;

/// <summary>How a line chart is drawn: size, axis ranges and labels, and an optional reference diagonal.</summary>
public sealed record LineChartOptions
{
    public int Width { get; init; } = 460;

    public int Height { get; init; } = 300;

    public string XLabel { get; init; } = "";

    public string YLabel { get; init; } = "";

    /// <summary>Fixed axis ranges (e.g. 0..1 for ROC); null takes the data's range (y from 0).</summary>
    public (double Min, double Max)? XRange { get; init; }

    public (double Min, double Max)? YRange { get; init; }

    public bool XPercent { get; init; }

    public bool YPercent { get; init; }

    /// <summary>Draws the y = x line (chance for ROC and gains, perfect calibration for calibration curves).</summary>
    public bool Diagonal { get; init; }

    /// <summary>Labels for integer x positions (e.g. months); when set, x ticks show these instead of numbers.</summary>
    public IReadOnlyList<string>? XCategories { get; init; }

    /// <summary>A dashed vertical line at X with a label beside its top (e.g. the end of the calibration period).</summary>
    public (double X, string Label)? Marker { get; init; }

    /// <summary>Draws a dot on every point (for short series such as calibration bins).</summary>
    public bool Markers { get; init; }

    /// <summary>Shaded spans of x (From to To, both included, in x units) behind the lines, each with a hover label:
    /// campaigns on a daily revenue chart.</summary>
    public IReadOnlyList<(double From, double To, string Label)>? Bands { get; init; }
}
