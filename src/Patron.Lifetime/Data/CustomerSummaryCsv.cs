using System.Globalization;

namespace Patron.Lifetime.Data;

/// <summary>Reads a per-customer summary from CSV (RFC 4180, through <see cref="CsvRecords"/>).</summary>
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
        using var csv = CsvRecords.Open(path);
        var id = csv.Find(IdNames);
        var frequency = csv.Find(FrequencyNames);
        var recency = csv.Find(RecencyNames);
        var age = csv.Find(AgeNames);
        if (frequency < 0 || recency < 0 || age < 0)
        {
            throw new FormatException($"{path}: expected columns frequency (or x), recency (or t_x) and T; found {string.Join(",", csv.Header)}.");
        }

        var spend = csv.Find(SpendNames);
        var holdout = csv.Find(HoldoutNames);
        var holdoutSpend = csv.Find(HoldoutSpendNames);
        var ids = new List<string>();
        var xs = new List<int>();
        var txs = new List<double>();
        var ts = new List<double>();
        var spends = new List<double>();
        var holdouts = new List<int>();
        var holdoutSpends = new List<double>();
        while (csv.Next())
        {
            ids.Add(id >= 0 ? csv.Text(id) : (ids.Count + 1).ToString(CultureInfo.InvariantCulture));
            xs.Add(checked((int)Math.Round(csv.Number(frequency))));
            txs.Add(csv.Number(recency));
            ts.Add(csv.Number(age));
            if (spend >= 0)
            {
                spends.Add(csv.Number(spend));
            }

            if (holdout >= 0)
            {
                holdouts.Add(checked((int)Math.Round(csv.Number(holdout))));
            }

            if (holdoutSpend >= 0)
            {
                holdoutSpends.Add(csv.Number(holdoutSpend));
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
}
