using System.Globalization;
using System.Net;
using System.Text;

namespace Patron.Pipeline.Report.Charts;

/// <summary>Small helpers for writing SVG by hand: invariant numbers, escaped text, tick values.</summary>
internal static class Svg
{
    public static readonly string[] Palette = ["#2f6fbf", "#d9822b", "#3d9970", "#a04ba0", "#c23b3b", "#7f8c8d", "#b8a122", "#1f9bb0"];

    public static string N(double value) => double.IsFinite(value) ? value.ToString("0.##", CultureInfo.InvariantCulture) : "0";

    public static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Opens an SVG element with an id, an accessible label and the chart class the report's test looks for.</summary>
    public static StringBuilder Open(string id, string label, int width, int height)
    {
        var svg = new StringBuilder(4096);
        svg.Append("<svg class=\"chart\" id=\"").Append(Text(id)).Append("\" role=\"img\" aria-label=\"").Append(Text(label))
           .Append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
           .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" font-family=\"system-ui, sans-serif\" font-size=\"11\">");
        svg.Append("<title>").Append(Text(label)).Append("</title>");
        return svg;
    }

    /// <summary>About <paramref name="count"/> round tick values covering [min, max].</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return [min];
        }

        var raw = (max - min) / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch { < 1.5 => magnitude, < 3 => 2 * magnitude, < 7 => 5 * magnitude, _ => 10 * magnitude };
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks;
    }

    /// <summary>Short tick label: 1.2k, 3.4M, 0.25, 25%.</summary>
    public static string Short(double value, bool percent = false)
    {
        if (percent)
        {
            return (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        }

        var abs = Math.Abs(value);
        return abs switch
        {
            >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
            >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
            >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
            0 => "0",
            _ => value.ToString("0.###", CultureInfo.InvariantCulture),
        };
    }
}
