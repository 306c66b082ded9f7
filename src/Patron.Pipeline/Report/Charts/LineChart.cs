namespace Patron.Pipeline.Report.Charts;

/// <summary>Line charts with axes, grid, legend and hover titles, written as SVG.</summary>
public static class LineChart
{
    private const int Left = 56, Right = 14, Top = 14, Bottom = 44;

    public static string Render(string id, string title, IReadOnlyList<ChartSeries> series, LineChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new LineChartOptions();
        var (xMin, xMax) = options.XRange ?? Range(series, point => point.X, fromZero: false);
        var (yMin, yMax) = options.YRange ?? Range(series, point => point.Y, fromZero: true);
        if (!(xMax > xMin))
        {
            xMax = xMin + 1;
        }

        if (!(yMax > yMin))
        {
            yMax = yMin + 1;
        }

        var legendHeight = series.Count > 1 ? 18 * ((series.Count + 2) / 3) : 0;
        var width = options.Width;
        var height = options.Height + legendHeight;
        var plotW = width - Left - Right;
        var plotH = options.Height - Top - Bottom;
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Py(double y) => Top + plotH - ((y - yMin) / (yMax - yMin) * plotH);

        var svg = Svg.Open(id, title, width, height);
        foreach (var tick in Svg.Ticks(yMin, yMax))
        {
            var y = Py(tick);
            svg.Append($"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{Svg.N(y)}\" y2=\"{Svg.N(y)}\" stroke=\"#e4e7eb\"/>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{Svg.N(y + 4)}\" text-anchor=\"end\" fill=\"#52606d\">{Svg.Text(Svg.Short(tick, options.YPercent))}</text>");
        }

        var xTicks = options.XCategories is { } categories ? CategoryTicks(categories.Count) : Svg.Ticks(xMin, xMax);
        foreach (var tick in xTicks)
        {
            var x = Px(tick);
            var label = options.XCategories is { } cats ? cats[(int)tick] : Svg.Short(tick, options.XPercent);
            svg.Append($"<line x1=\"{Svg.N(x)}\" x2=\"{Svg.N(x)}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH + 4}\" stroke=\"#9aa5b1\"/>");
            svg.Append($"<text x=\"{Svg.N(x)}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\" fill=\"#52606d\">{Svg.Text(label)}</text>");
        }

        svg.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#9aa5b1\"/>");
        foreach (var (from, to, label) in options.Bands ?? [])
        {
            // A band covers its days whole: half a step either side of its first and last point.
            var x0 = Math.Max(Left, Px(from - 0.5));
            var x1 = Math.Min(Left + plotW, Px(to + 0.5));
            if (x1 > x0)
            {
                svg.Append($"<rect class=\"band\" x=\"{Svg.N(x0)}\" y=\"{Top}\" width=\"{Svg.N(x1 - x0)}\" height=\"{plotH}\" fill=\"#d9822b\" fill-opacity=\"0.18\"><title>{Svg.Text(label)}</title></rect>");
            }
        }

        if (options.Diagonal)
        {
            var lo = Math.Max(xMin, yMin);
            var hi = Math.Min(xMax, yMax);
            svg.Append($"<line x1=\"{Svg.N(Px(lo))}\" y1=\"{Svg.N(Py(lo))}\" x2=\"{Svg.N(Px(hi))}\" y2=\"{Svg.N(Py(hi))}\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 4\"/>");
        }

        if (options.Marker is { } marker)
        {
            var mx = Svg.N(Px(marker.X));
            svg.Append($"<line x1=\"{mx}\" y1=\"{Top}\" x2=\"{mx}\" y2=\"{Top + plotH}\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 4\"/>");
            svg.Append($"<text x=\"{Svg.N(Px(marker.X) + 4)}\" y=\"{Top + 12}\" fill=\"#52606d\">{Svg.Text(marker.Label)}</text>");
        }

        foreach (var line in series)
        {
            if (line.Points.Count == 0)
            {
                continue;
            }

            svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(line.Color).Append('"');
            if (line.Dashed)
            {
                svg.Append(" stroke-dasharray=\"6 4\"");
            }

            svg.Append(" points=\"");
            foreach (var (x, y) in line.Points)
            {
                svg.Append(Svg.N(Px(x))).Append(',').Append(Svg.N(Py(y))).Append(' ');
            }

            svg.Append("\"><title>").Append(Svg.Text(line.Name)).Append("</title></polyline>");
            if (options.Markers)
            {
                foreach (var (x, y) in line.Points)
                {
                    svg.Append($"<circle cx=\"{Svg.N(Px(x))}\" cy=\"{Svg.N(Py(y))}\" r=\"3\" fill=\"{line.Color}\"><title>{Svg.Text(line.Name)}: {Svg.Short(x, options.XPercent)}, {Svg.Short(y, options.YPercent)}</title></circle>");
                }
            }
        }

        svg.Append($"<text x=\"{Left + (plotW / 2)}\" y=\"{options.Height - 8}\" text-anchor=\"middle\" fill=\"#323f4b\">{Svg.Text(options.XLabel)}</text>");
        svg.Append($"<text transform=\"translate(13 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#323f4b\">{Svg.Text(options.YLabel)}</text>");
        if (series.Count > 1)
        {
            // Legend entries flow left to right, wrapping when the next one would not fit.
            var lx = Left;
            var ly = options.Height + 4;
            for (var i = 0; i < series.Count; i++)
            {
                var entryWidth = 34 + (int)(series[i].Name.Length * 6.2);
                if (lx + entryWidth > width && lx > Left)
                {
                    lx = Left;
                    ly += 18;
                }

                svg.Append($"<line x1=\"{lx}\" x2=\"{lx + 18}\" y1=\"{ly + 5}\" y2=\"{ly + 5}\" stroke=\"{series[i].Color}\" stroke-width=\"2\"{(series[i].Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
                svg.Append($"<text x=\"{lx + 24}\" y=\"{ly + 9}\" fill=\"#323f4b\">{Svg.Text(series[i].Name)}</text>");
                lx += entryWidth;
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static (double Min, double Max) Range(IReadOnlyList<ChartSeries> series, Func<(double X, double Y), double> pick, bool fromZero)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var line in series)
        {
            foreach (var point in line.Points)
            {
                var v = pick(point);
                if (double.IsFinite(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }
        }

        if (double.IsInfinity(min))
        {
            return (0, 1);
        }

        if (fromZero)
        {
            min = Math.Min(0, min);
            max += (max - min) * 0.05;
        }

        return (min, max);
    }

    private static List<double> CategoryTicks(int count)
    {
        var step = Math.Max(1, (int)Math.Ceiling(count / 8.0));
        var ticks = new List<double>();
        for (var i = 0; i < count; i += step)
        {
            ticks.Add(i);
        }

        return ticks;
    }
}
