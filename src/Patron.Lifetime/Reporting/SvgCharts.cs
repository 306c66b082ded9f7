using System.Globalization;
using System.Text;
using Patron.Lifetime.Evaluation;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Reporting;

/// <summary>The lifetime diagnostics as standalone SVG documents: tracking curve, holdout by frequency, P(alive) heatmap.</summary>
/// <remarks>Self-contained SVG 1.1 text (no scripts, no external fonts); numbers formatted invariantly so the same inputs give the same bytes.</remarks>
public static class SvgCharts
{
    private const double Width = 720;
    private const double Height = 420;
    private const double Left = 70;
    private const double Right = 150;
    private const double Top = 40;
    private const double Bottom = 55;

    /// <summary>Cumulative repeat transactions: expected (and actual when known), with the end of calibration marked.</summary>
    public static string Tracking(TrackingCurve curve, string unitName)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var series = new List<(string, double[], double[], string)> { ("expected", curve.Times, curve.Expected, "#d62728") };
        if (curve.Actual is not null)
        {
            series.Insert(0, ("actual", curve.Times, curve.Actual, "#1f77b4"));
        }

        return Lines("Cumulative repeat transactions", $"time ({unitName})", "repeat transactions", series, curve.CalibrationEnd, null);
    }

    /// <summary>Mean holdout purchases by calibration frequency, actual against expected.</summary>
    public static string HoldoutByFrequency(HoldoutComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var n = comparison.Buckets.Count;
        var x = new double[n];
        var actual = new double[n];
        var expected = new double[n];
        var labels = new string[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = i;
            actual[i] = comparison.Buckets[i].ActualMean;
            expected[i] = comparison.Buckets[i].ExpectedMean;
            labels[i] = comparison.Buckets[i].Label;
        }

        return Lines("Holdout purchases by calibration frequency", "purchases in calibration (x)", "mean holdout purchases",
            [("actual", x, actual, "#1f77b4"), ("expected", x, expected, "#d62728")], null, labels);
    }

    /// <summary>P(alive) over frequency (rows) and recency (columns) for customers of age <paramref name="age"/>.</summary>
    public static string AliveHeatmap(ITransactionModel model, double age, int maxFrequency, int recencyBins, string unitName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = Begin($"P(alive) by frequency and recency (T = {Fmt(age)} {unitName})");
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var cellW = plotW / recencyBins;
        var cellH = plotH / (maxFrequency + 1);
        for (var x = 0; x <= maxFrequency; x++)
        {
            for (var b = 0; b < recencyBins; b++)
            {
                var recency = x == 0 ? 0.0 : (b + 0.5) * age / recencyBins;
                var p = model.ProbabilityAlive(x, recency, age);
                var y = Top + plotH - (x + 1) * cellH;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Fmt(Left + b * cellW)}\" y=\"{Fmt(y)}\" width=\"{Fmt(cellW + 0.5)}\" height=\"{Fmt(cellH + 0.5)}\" fill=\"{Ramp(p)}\"><title>x={x}, t_x={Fmt(recency)}: {Fmt(p)}</title></rect>\n");
            }
        }

        var step = Math.Max(1, (maxFrequency + 1) / 10);
        for (var x = 0; x <= maxFrequency; x += step)
        {
            Text(sb, Left - 8, Top + plotH - (x + 0.5) * cellH + 4, x.ToString(CultureInfo.InvariantCulture), "end");
        }

        for (var k = 0; k <= 4; k++)
        {
            Text(sb, Left + k * plotW / 4, Top + plotH + 18, Fmt(k * age / 4), "middle");
        }

        Text(sb, Left + plotW / 2, Height - 12, $"recency t_x ({unitName})", "middle");
        Text(sb, 18, Top + plotH / 2, "frequency x", "middle", rotate: true);
        for (var k = 0; k <= 10; k++)
        {
            var y = Top + plotH - k * plotH / 10;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Fmt(Width - Right + 30)}\" y=\"{Fmt(y - plotH / 10)}\" width=\"20\" height=\"{Fmt(plotH / 10 + 0.5)}\" fill=\"{Ramp((k + 0.5) / 10)}\"/>\n");
        }

        Text(sb, Width - Right + 56, Top + 8, "1", "start");
        Text(sb, Width - Right + 56, Top + plotH, "0", "start");
        return End(sb);
    }

    private static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] X, double[] Y, string Color)> series, double? marker, string[]? categories)
    {
        double minX = double.MaxValue, maxX = double.MinValue, maxY = 0.0;
        foreach (var (_, xs, ys, _) in series)
        {
            for (var i = 0; i < xs.Length; i++)
            {
                minX = Math.Min(minX, xs[i]);
                maxX = Math.Max(maxX, xs[i]);
                maxY = Math.Max(maxY, ys[i]);
            }
        }

        if (!(maxX > minX))
        {
            maxX = minX + 1;
        }

        maxY = NiceCeiling(maxY);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Px(double v) => Left + (v - minX) / (maxX - minX) * plotW;
        double Py(double v) => Top + plotH - v / maxY * plotH;
        var sb = Begin(title);
        for (var k = 0; k <= 5; k++)
        {
            var v = k * maxY / 5;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Fmt(Left)}\" y1=\"{Fmt(Py(v))}\" x2=\"{Fmt(Left + plotW)}\" y2=\"{Fmt(Py(v))}\" stroke=\"#ddd\"/>\n");
            Text(sb, Left - 8, Py(v) + 4, Fmt(v), "end");
        }

        if (categories is not null)
        {
            for (var i = 0; i < categories.Length; i++)
            {
                Text(sb, Px(i), Top + plotH + 18, categories[i], "middle");
            }
        }
        else
        {
            for (var k = 0; k <= 6; k++)
            {
                var v = minX + k * (maxX - minX) / 6;
                Text(sb, Px(v), Top + plotH + 18, Fmt(v), "middle");
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Fmt(Left)}\" y=\"{Fmt(Top)}\" width=\"{Fmt(plotW)}\" height=\"{Fmt(plotH)}\" fill=\"none\" stroke=\"#444\"/>\n");
        if (marker is { } m)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Fmt(Px(m))}\" y1=\"{Fmt(Top)}\" x2=\"{Fmt(Px(m))}\" y2=\"{Fmt(Top + plotH)}\" stroke=\"#888\" stroke-dasharray=\"4 4\"/>\n");
            Text(sb, Px(m) + 4, Top + 14, "end of calibration", "start");
        }

        var legendY = Top + 10;
        foreach (var (name, xs, ys, color) in series)
        {
            sb.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(color).Append("\" points=\"");
            for (var i = 0; i < xs.Length; i++)
            {
                sb.Append(Fmt(Px(xs[i]))).Append(',').Append(Fmt(Py(ys[i]))).Append(' ');
            }

            sb.Append("\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Fmt(Width - Right + 20)}\" y1=\"{Fmt(legendY)}\" x2=\"{Fmt(Width - Right + 45)}\" y2=\"{Fmt(legendY)}\" stroke=\"{color}\" stroke-width=\"2\"/>\n");
            Text(sb, Width - Right + 50, legendY + 4, name, "start");
            legendY += 20;
        }

        Text(sb, Left + plotW / 2, Height - 12, xLabel, "middle");
        Text(sb, 18, Top + plotH / 2, yLabel, "middle", rotate: true);
        return End(sb);
    }

    private static StringBuilder Begin(string title)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Fmt(Width)}\" height=\"{Fmt(Height)}\" viewBox=\"0 0 {Fmt(Width)} {Fmt(Height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        Text(sb, Width / 2, 22, title, "middle", bold: true);
        return sb;
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>\n").ToString();

    private static void Text(StringBuilder sb, double x, double y, string text, string anchor, bool rotate = false, bool bold = false)
    {
        var transform = rotate ? string.Create(CultureInfo.InvariantCulture, $" transform=\"rotate(-90 {Fmt(x)} {Fmt(y)})\"") : "";
        var weight = bold ? " font-weight=\"bold\"" : "";
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Fmt(x)}\" y=\"{Fmt(y)}\" text-anchor=\"{anchor}\"{transform}{weight}>{Escape(text)}</text>\n");
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static double NiceCeiling(double v)
    {
        if (!(v > 0.0))
        {
            return 1.0;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var f in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (f * magnitude >= v)
            {
                return f * magnitude;
            }
        }

        return 10 * magnitude;
    }

    // White → dark blue, so P(alive) near 0 reads pale and near 1 dark.
    private static string Ramp(double p)
    {
        p = Math.Clamp(p, 0.0, 1.0);
        var r = (int)Math.Round(247 - p * (247 - 8));
        var g = (int)Math.Round(251 - p * (251 - 48));
        var b = (int)Math.Round(255 - p * (255 - 107));
        return string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");
    }
}
