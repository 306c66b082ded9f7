using Patron.Features.Dashboard;

namespace Patron.Server.Dashboard;

/// <summary>Chart specs from query tables.</summary>
internal static class Charts
{
    /// <summary>One chart over <paramref name="category"/> with a series per (column, name) of <paramref name="series"/>.</summary>
    public static ChartSpec Of(DashboardTable table, string kind, string category, params (string Column, string Name)[] series)
    {
        ArgumentNullException.ThrowIfNull(table);
        var categories = new string[table.RowCount];
        for (var row = 0; row < table.RowCount; row++)
        {
            categories[row] = table.Text(row, category) ?? "(none)";
        }

        var list = new List<ChartSeries>(series.Length);
        foreach (var (column, name) in series)
        {
            var values = new double[table.RowCount];
            for (var row = 0; row < table.RowCount; row++)
            {
                values[row] = table.Number(row, column);
            }

            list.Add(new ChartSeries(name, values));
        }

        return new ChartSpec(kind, categories, list);
    }

    /// <summary>The rows of <paramref name="table"/> whose <c>dimension</c> is <paramref name="dimension"/>, as a chart
    /// of <paramref name="column"/> by <c>value</c>.</summary>
    public static ChartSpec Dimension(DashboardTable table, string dimension, string kind, string column, string name, Func<string, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var categories = new List<string>();
        var values = new List<double>();
        for (var row = 0; row < table.RowCount; row++)
        {
            if (table.Text(row, "dimension") == dimension)
            {
                var value = table.Text(row, "value") ?? "(none)";
                categories.Add(label is null ? value : label(value));
                values.Add(table.Number(row, column));
            }
        }

        return new ChartSpec(kind, categories, [new ChartSeries(name, values)]);
    }

    /// <summary>A heatmap of <paramref name="value"/> with a row per <paramref name="rowColumn"/> and a column per
    /// <paramref name="colColumn"/> (whole numbers from 0).</summary>
    public static ChartSpec Heatmap(DashboardTable table, string rowColumn, string colColumn, string value)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<string>();
        var width = 0;
        for (var row = 0; row < table.RowCount; row++)
        {
            var key = table.Text(row, rowColumn) ?? "";
            if (rows.Count == 0 || rows[^1] != key)
            {
                rows.Add(key);
            }

            width = Math.Max(width, (int)table.Number(row, colColumn) + 1);
        }

        var cells = new double[rows.Count][];
        for (var r = 0; r < cells.Length; r++)
        {
            cells[r] = new double[width];
            Array.Fill(cells[r], double.NaN);
        }

        var at = -1;
        string? last = null;
        for (var row = 0; row < table.RowCount; row++)
        {
            var key = table.Text(row, rowColumn) ?? "";
            if (key != last)
            {
                at++;
                last = key;
            }

            cells[at][(int)table.Number(row, colColumn)] = table.Number(row, value);
        }

        var categories = new string[width];
        for (var c = 0; c < width; c++)
        {
            categories[c] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The table toggle reads one series per category column; the heatmap script reads rows: a series per row.
        var series = new List<ChartSeries>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            series.Add(new ChartSeries(rows[r], cells[r]));
        }

        return new ChartSpec("heatmap", categories, series);
    }
}
