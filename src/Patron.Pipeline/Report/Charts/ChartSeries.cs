namespace Patron.Pipeline.Report.Charts;

/// <summary>One line of a line chart: a name for the legend, its points, a colour and whether it is dashed.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, string Color, bool Dashed = false);
