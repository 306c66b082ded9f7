namespace Patron.Pipeline.Report.Charts;

/// <summary>A grid of coloured cells (e.g. cohort × months since first purchase → retention), with values on hover.</summary>
public static class Heatmap
{
    /// <summary>Draws <paramref name="cells"/>[row, column]; NaN leaves a cell empty (not yet observed). The darkest shade
    /// is <paramref name="scaleMax"/> (e.g. 1 for probabilities), or when null the largest value outside the first
    /// column.</summary>
    public static string Render(string id, string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, double[,] cells,
        string columnLabel, bool percent = true, int cellWidth = 30, int cellHeight = 18, double? scaleMax = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        const int left = 70, top = 34;
        var width = left + (columns.Count * cellWidth) + 10;
        var height = top + (rows.Count * cellHeight) + 10;
        // The first column (e.g. month 0 of a cohort, always 100 %) would flatten the scale; shade by the others.
        var max = 0.0;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = columns.Count > 1 ? 1 : 0; c < columns.Count; c++)
            {
                if (double.IsFinite(cells[r, c]))
                {
                    max = Math.Max(max, cells[r, c]);
                }
            }
        }

        max = scaleMax ?? (max > 0 ? max : 1);
        var svg = Svg.Open(id, title, width, height);
        svg.Append($"<text x=\"{left}\" y=\"12\" fill=\"#323f4b\">{Svg.Text(columnLabel)}</text>");
        var labelStep = Math.Max(1, (int)Math.Ceiling(columns.Count / 24.0));
        for (var c = 0; c < columns.Count; c += labelStep)
        {
            svg.Append($"<text x=\"{left + (c * cellWidth) + (cellWidth / 2)}\" y=\"{top - 6}\" text-anchor=\"middle\" fill=\"#52606d\">{Svg.Text(columns[c])}</text>");
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + (r * cellHeight);
            svg.Append($"<text x=\"{left - 6}\" y=\"{y + 13}\" text-anchor=\"end\" fill=\"#52606d\">{Svg.Text(rows[r])}</text>");
            for (var c = 0; c < columns.Count; c++)
            {
                var v = cells[r, c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var x = left + (c * cellWidth);
                svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{cellWidth - 1}\" height=\"{cellHeight - 1}\" fill=\"{Shade(v / max)}\"><title>{Svg.Text(rows[r])}, {Svg.Text(columns[c])}: {Svg.Short(v, percent)}</title></rect>");
                if (cellWidth >= 28)
                {
                    svg.Append($"<text x=\"{x + (cellWidth / 2)}\" y=\"{y + 12}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{(v / max > 0.55 ? "#ffffff" : "#1f2933")}\">{Svg.Text(percent ? Math.Round(v * 100).ToString(System.Globalization.CultureInfo.InvariantCulture) : Svg.Short(v))}</text>");
                }
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>White to deep blue.</summary>
    private static string Shade(double t)
    {
        t = Math.Clamp(t, 0, 1);
        var r = (int)(247 - (t * (247 - 31)));
        var g = (int)(251 - (t * (251 - 87)));
        var b = (int)(255 - (t * (255 - 160)));
        return $"#{r:x2}{g:x2}{b:x2}";
    }
}
