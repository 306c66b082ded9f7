using System.Globalization;

namespace Patron.Lifetime.Data;

/// <summary>Reads a per-customer summary from CSV.</summary>
/// <remarks>
/// Accepted headers (case-insensitive): id <c>ID|customer_id|customer</c> (optional; row numbers otherwise),
/// frequency <c>frequency|x</c>, recency <c>recency|t_x</c>, age <c>T|age</c>, mean repeat spend
/// <c>zbar|monetary_value|mean_repeat_spend</c> (optional), holdout purchases
/// <c>x_star|frequency_holdout|holdout_frequency</c> and holdout spend <c>holdout_spend|monetary_value_holdout</c>
/// (optional). This covers the CDNOW summary files and the lifetimes-style columns. The file carries no unit: the
/// caller states it.
/// </remarks>
public static class CustomerSummaryCsv
{
    private static readonly string[] IdNames = ["id", "customer_id", "customer", "cust"];
    private static readonly string[] FrequencyNames = ["frequency", "x", "frequency_cal"];
    private static readonly string[] RecencyNames = ["recency", "t_x", "recency_cal"];
    private static readonly string[] AgeNames = ["t", "age", "t_cal"];
    private static readonly string[] SpendNames = ["zbar", "monetary_value", "mean_repeat_spend", "monetary_value_cal"];
    private static readonly string[] HoldoutNames = ["x_star", "frequency_holdout", "holdout_frequency"];
    private static readonly string[] HoldoutSpendNames = ["holdout_spend", "monetary_value_holdout"];

    /// <summary>Reads <paramref name="path"/>; times are taken to be in <paramref name="unit"/>.</summary>
    /// <exception cref="FormatException">A header is missing or a cell does not parse (the message names file, line and column).</exception>
    public static CustomerSummary Read(string path, TimeUnit unit, double holdoutLength = double.NaN)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new FormatException($"{path}: the file is empty.");
        var columns = SplitLine(header);
        var id = Find(columns, IdNames);
        var frequency = Find(columns, FrequencyNames);
        var recency = Find(columns, RecencyNames);
        var age = Find(columns, AgeNames);
        if (frequency < 0 || recency < 0 || age < 0)
        {
            throw new FormatException($"{path}: expected columns frequency (or x), recency (or t_x) and T; found {header}.");
        }

        var spend = Find(columns, SpendNames);
        var holdout = Find(columns, HoldoutNames);
        var holdoutSpend = Find(columns, HoldoutSpendNames);
        var ids = new List<string>();
        var xs = new List<int>();
        var txs = new List<double>();
        var ts = new List<double>();
        var spends = new List<double>();
        var holdouts = new List<int>();
        var holdoutSpends = new List<double>();
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = SplitLine(line);
            ids.Add(id >= 0 ? Cell(cells, id, path, lineNumber, columns) : (lineNumber - 1).ToString(CultureInfo.InvariantCulture));
            xs.Add(checked((int)Math.Round(ParseDouble(cells, frequency, path, lineNumber, columns))));
            txs.Add(ParseDouble(cells, recency, path, lineNumber, columns));
            ts.Add(ParseDouble(cells, age, path, lineNumber, columns));
            if (spend >= 0)
            {
                spends.Add(ParseDouble(cells, spend, path, lineNumber, columns));
            }

            if (holdout >= 0)
            {
                holdouts.Add(checked((int)Math.Round(ParseDouble(cells, holdout, path, lineNumber, columns))));
            }

            if (holdoutSpend >= 0)
            {
                holdoutSpends.Add(ParseDouble(cells, holdoutSpend, path, lineNumber, columns));
            }
        }

        try
        {
            return new CustomerSummary(
                [.. ids], [.. xs], [.. txs], [.. ts],
                spend >= 0 ? [.. spends] : null,
                holdout >= 0 ? [.. holdouts] : null,
                holdoutSpend >= 0 ? [.. holdoutSpends] : null,
                unit,
                holdoutLength);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    internal static string[] SplitLine(string line)
    {
        var cells = line.Split(',');
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = cells[i].Trim().Trim('"');
        }

        return cells;
    }

    internal static int Find(string[] columns, string[] names)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            foreach (var name in names)
            {
                if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static string Cell(string[] cells, int index, string path, int line, string[] columns)
    {
        if (index >= cells.Length)
        {
            throw new FormatException($"{path}, line {line}: column '{columns[index]}' is missing.");
        }

        return cells[index];
    }

    internal static double ParseDouble(string[] cells, int index, string path, int line, string[] columns)
    {
        var text = Cell(cells, index, path, line, columns);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"{path}, line {line}, column '{columns[index]}': '{text}' is not a number.");
        }

        return value;
    }
}
