using System.Globalization;

namespace Patron.Lifetime.Data;

/// <summary>Discrete-opportunity histories for BG/BB: x transactions in n opportunities, the last at opportunity tₓ, with weights.</summary>
/// <remarks>The Fader, Hardie &amp; Shang (2010) recency/frequency table: one row per (x, tₓ, n) with the number of customers.</remarks>
public sealed class DiscreteSummary
{
    public DiscreteSummary(int[] frequency, int[] recency, int[] opportunities, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(recency);
        ArgumentNullException.ThrowIfNull(opportunities);
        ArgumentNullException.ThrowIfNull(weights);
        var count = frequency.Length;
        if (recency.Length != count || opportunities.Length != count || weights.Length != count)
        {
            throw new ArgumentException("frequency, recency, periods and weights must have the same length.");
        }

        for (var i = 0; i < count; i++)
        {
            var valid = frequency[i] >= 0 && frequency[i] <= recency[i] && recency[i] <= opportunities[i]
                && (frequency[i] > 0 || recency[i] == 0) && weights[i] >= 0.0;
            if (!valid)
            {
                throw new ArgumentException(FormattableString.Invariant(
                    $"Row {i + 1}: expected 0 <= x <= t_x <= n (t_x = 0 when x = 0) and weight >= 0, got x = {frequency[i]}, t_x = {recency[i]}, n = {opportunities[i]}, weight = {weights[i]}."));
            }
        }

        Frequency = frequency;
        Recency = recency;
        Opportunities = opportunities;
        Weights = weights;
    }

    public int[] Frequency { get; }

    public int[] Recency { get; }

    public int[] Opportunities { get; }

    public double[] Weights { get; }

    public int Count => Frequency.Length;

    /// <summary>Reads <c>frequency, recency, periods[, weights]</c> (also <c>x, t_x, n, count</c>).</summary>
    public static DiscreteSummary ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        var header = CustomerSummaryCsv.SplitLine(reader.ReadLine() ?? throw new FormatException($"{path}: the file is empty."));
        var x = CustomerSummaryCsv.Find(header, ["frequency", "x"]);
        var tx = CustomerSummaryCsv.Find(header, ["recency", "t_x"]);
        var n = CustomerSummaryCsv.Find(header, ["periods", "n", "opportunities"]);
        var w = CustomerSummaryCsv.Find(header, ["weights", "weight", "count", "customers"]);
        if (x < 0 || tx < 0 || n < 0)
        {
            throw new FormatException($"{path}: expected columns frequency, recency and periods.");
        }

        var xs = new List<int>();
        var txs = new List<int>();
        var ns = new List<int>();
        var ws = new List<double>();
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = CustomerSummaryCsv.SplitLine(line);
            xs.Add(Integer(cells, x, path, lineNumber, header));
            txs.Add(Integer(cells, tx, path, lineNumber, header));
            ns.Add(Integer(cells, n, path, lineNumber, header));
            ws.Add(w >= 0 ? CustomerSummaryCsv.ParseDouble(cells, w, path, lineNumber, header) : 1.0);
        }

        try
        {
            return new DiscreteSummary([.. xs], [.. txs], [.. ns], [.. ws]);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static int Integer(string[] cells, int index, string path, int line, string[] header)
    {
        var value = CustomerSummaryCsv.ParseDouble(cells, index, path, line, header);
        if (value != Math.Floor(value) || value < 0 || value > int.MaxValue)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{path}, line {line}, column '{header[index]}': expected a whole number, got {value}."));
        }

        return (int)value;
    }
}
