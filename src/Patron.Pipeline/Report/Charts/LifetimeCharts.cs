using System.Globalization;
using Patron.Lifetime.Evaluation;
using Patron.Lifetime.Models;

namespace Patron.Pipeline.Report.Charts;

/// <summary>The lifetime diagnostics drawn with the report's chart kit: tracking curve, holdout by frequency, P(alive)
/// heatmap. Each is a self-contained SVG document (no scripts, no external fonts) that also embeds in a page.</summary>
/// <remarks>Numbers are formatted invariantly, so the same inputs give the same bytes.</remarks>
public static class LifetimeCharts
{
    private const int Width = 720;
    private const int Height = 420;
    private static readonly string Actual = Svg.Palette[0];
    private static readonly string Expected = Svg.Palette[4];

    /// <summary>Cumulative repeat transactions: expected (and actual when known), with the end of calibration marked.</summary>
    public static string Tracking(TrackingCurve curve, string unitName)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var series = new List<ChartSeries>(2);
        if (curve.Actual is not null)
        {
            series.Add(new ChartSeries("actual", Points(curve.Times, curve.Actual), Actual));
        }

        series.Add(new ChartSeries("expected", Points(curve.Times, curve.Expected), Expected, Dashed: true));
        return LineChart.Render("lifetime-tracking", "Cumulative repeat transactions", series, new LineChartOptions
        {
            Width = Width,
            Height = Height,
            XLabel = $"time ({unitName})",
            YLabel = "repeat transactions",
            Marker = (curve.CalibrationEnd, "end of calibration"),
        });
    }

    /// <summary>Mean holdout purchases by calibration frequency, actual against expected.</summary>
    public static string HoldoutByFrequency(HoldoutComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var n = comparison.Buckets.Count;
        var actual = new (double, double)[n];
        var expected = new (double, double)[n];
        var labels = new string[n];
        for (var i = 0; i < n; i++)
        {
            actual[i] = (i, comparison.Buckets[i].ActualMean);
            expected[i] = (i, comparison.Buckets[i].ExpectedMean);
            labels[i] = comparison.Buckets[i].Label;
        }

        return LineChart.Render("lifetime-holdout", "Holdout purchases by calibration frequency",
            [new ChartSeries("actual", actual, Actual), new ChartSeries("expected", expected, Expected, Dashed: true)],
            new LineChartOptions
            {
                Width = Width,
                Height = Height,
                XLabel = "purchases in calibration (x)",
                YLabel = "mean holdout purchases",
                XCategories = labels,
                Markers = true,
            });
    }

    /// <summary>P(alive) by frequency (rows, highest first) and recency (columns, bin midpoints) for customers of age
    /// <paramref name="age"/>; shaded on the absolute scale 0 to 1.</summary>
    public static string AliveHeatmap(ITransactionModel model, double age, int maxFrequency, int recencyBins, string unitName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrequency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recencyBins);
        var rows = new string[maxFrequency + 1];
        var columns = new string[recencyBins];
        var cells = new double[maxFrequency + 1, recencyBins];
        for (var b = 0; b < recencyBins; b++)
        {
            columns[b] = Svg.Short((b + 0.5) * age / recencyBins);
        }

        for (var r = 0; r <= maxFrequency; r++)
        {
            var x = maxFrequency - r;
            rows[r] = "x = " + x.ToString(CultureInfo.InvariantCulture);
            for (var b = 0; b < recencyBins; b++)
            {
                // A customer without repeat purchases has recency 0 whatever the bin.
                var recency = x == 0 ? 0.0 : (b + 0.5) * age / recencyBins;
                cells[r, b] = model.ProbabilityAlive(x, recency, age);
            }
        }

        var title = $"P(alive) by frequency x and recency t_x (T = {Svg.Short(age)} {unitName})";
        return Heatmap.Render("lifetime-p-alive", title, rows, columns, cells, $"recency t_x ({unitName}) by frequency x, T = {Svg.Short(age)}",
            percent: true, cellWidth: 30, cellHeight: 18, scaleMax: 1.0);
    }

    private static (double X, double Y)[] Points(double[] x, double[] y)
    {
        var points = new (double, double)[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            points[i] = (x[i], y[i]);
        }

        return points;
    }
}
