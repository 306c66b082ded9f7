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
        using var csv = CsvRecords.Open(path);
        var x = csv.Find("frequency", "x");
        var tx = csv.Find("recency", "t_x");
        var n = csv.Find("periods", "n", "opportunities");
        var w = csv.Find("weights", "weight", "count", "customers");
        if (x < 0 || tx < 0 || n < 0)
        {
            throw new FormatException($"{path}: expected columns frequency, recency and periods.");
        }

        var xs = new List<int>();
        var txs = new List<int>();
        var ns = new List<int>();
        var ws = new List<double>();
        while (csv.Next())
        {
            xs.Add(Integer(csv, x));
            txs.Add(Integer(csv, tx));
            ns.Add(Integer(csv, n));
            ws.Add(w >= 0 ? csv.Number(w) : 1.0);
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

    private static int Integer(CsvRecords csv, int column)
    {
        var value = csv.Number(column);
        if (value != Math.Floor(value) || value < 0 || value > int.MaxValue)
        {
            throw csv.Error(column, string.Create(CultureInfo.InvariantCulture, $"expected a whole number, got {value}."));
        }

        return (int)value;
    }
}
