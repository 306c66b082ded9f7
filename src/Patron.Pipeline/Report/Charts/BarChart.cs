namespace Patron.Pipeline.Report.Charts;

/// <summary>Bar charts written as SVG: horizontal bars for ranked categories, grouped vertical bars for ordered ones.</summary>
public static class BarChart
{
    /// <summary>One bar per label, longest first as given; values print at the bar's end.</summary>
    public static string Horizontal(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string color = "#2f6fbf", bool percent = false, int width = 520)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        const int rowHeight = 22, labelWidth = 190, top = 6;
        var barSpace = width - labelWidth - 70;
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, double.IsFinite(v) ? Math.Abs(v) : 0);
        }

        max = max > 0 ? max : 1;
        // At least two rows high, so a chart of one bar (one segment, one category) is still a readable figure.
        var height = top + (Math.Max(2, labels.Count) * rowHeight) + 6;
        var svg = Svg.Open(id, title, width, height);
        for (var i = 0; i < labels.Count; i++)
        {
            var y = top + (i * rowHeight);
            var v = double.IsFinite(values[i]) ? values[i] : 0;
            var w = Math.Abs(v) / max * barSpace;
            svg.Append($"<text x=\"{labelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\" fill=\"#323f4b\">{Svg.Text(Truncate(labels[i], 30))}</text>");
            svg.Append($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{Svg.N(Math.Max(w, v == 0 ? 0 : 1))}\" height=\"{rowHeight - 7}\" fill=\"{color}\"><title>{Svg.Text(labels[i])}: {Svg.Short(v, percent)}</title></rect>");
            svg.Append($"<text x=\"{Svg.N(labelWidth + w + 5)}\" y=\"{y + 15}\" fill=\"#52606d\">{Svg.Text(Svg.Short(v, percent))}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Groups of vertical bars, one group per label and one bar per series, with a legend.</summary>
    public static string Vertical(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<double> Values, string Color)> series,
        string yLabel = "", bool percent = false, int width = 460, int height = 260)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        const int left = 56, right = 10, top = 12, bottom = 40;
        var legend = series.Count > 1 ? 18 : 0;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var max = 0.0;
        foreach (var s in series)
        {
            foreach (var v in s.Values)
            {
                max = Math.Max(max, double.IsFinite(v) ? v : 0);
            }
        }

        max = max > 0 ? max * 1.05 : 1;
        var svg = Svg.Open(id, title, width, height + legend);
        foreach (var tick in Svg.Ticks(0, max))
        {
            var y = top + plotH - (tick / max * plotH);
            svg.Append($"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{Svg.N(y)}\" y2=\"{Svg.N(y)}\" stroke=\"#e4e7eb\"/>");
            svg.Append($"<text x=\"{left - 6}\" y=\"{Svg.N(y + 4)}\" text-anchor=\"end\" fill=\"#52606d\">{Svg.Text(Svg.Short(tick, percent))}</text>");
        }

        var group = labels.Count == 0 ? plotW : (double)plotW / labels.Count;
        var bar = Math.Max(1, (group * 0.8) / Math.Max(1, series.Count));
        var labelStep = Math.Max(1, (int)Math.Ceiling(labels.Count / 14.0));
        for (var i = 0; i < labels.Count; i++)
        {
            var gx = left + (i * group) + (group * 0.1);
            for (var s = 0; s < series.Count; s++)
            {
                var v = i < series[s].Values.Count && double.IsFinite(series[s].Values[i]) ? series[s].Values[i] : 0;
                var h = Math.Max(0, v) / max * plotH;
                svg.Append($"<rect x=\"{Svg.N(gx + (s * bar))}\" y=\"{Svg.N(top + plotH - h)}\" width=\"{Svg.N(bar - 1)}\" height=\"{Svg.N(h)}\" fill=\"{series[s].Color}\"><title>{Svg.Text(labels[i])} · {Svg.Text(series[s].Name)}: {Svg.Short(v, percent)}</title></rect>");
            }

            if (i % labelStep == 0)
            {
                svg.Append($"<text x=\"{Svg.N(gx + (group * 0.4))}\" y=\"{top + plotH + 15}\" text-anchor=\"middle\" fill=\"#52606d\">{Svg.Text(labels[i])}</text>");
            }
        }

        svg.Append($"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{top + plotH}\" y2=\"{top + plotH}\" stroke=\"#9aa5b1\"/>");
        svg.Append($"<text transform=\"translate(13 {top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#323f4b\">{Svg.Text(yLabel)}</text>");
        if (series.Count > 1)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var lx = left + (s * 150);
                svg.Append($"<rect x=\"{lx}\" y=\"{height + 3}\" width=\"12\" height=\"10\" fill=\"{series[s].Color}\"/>");
                svg.Append($"<text x=\"{lx + 17}\" y=\"{height + 12}\" fill=\"#323f4b\">{Svg.Text(series[s].Name)}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
