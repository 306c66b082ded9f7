using System.Globalization;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Evaluation;

/// <summary>How well a model's conditional expectations predict the holdout period.</summary>
/// <param name="Buckets">Expected vs actual by calibration frequency 0..(last−1) and "last+" (FHL 2005, figure 4).</param>
/// <param name="HoldoutLength">Holdout length in the summary's unit.</param>
/// <param name="ActualTotal">Total holdout purchases.</param>
/// <param name="ExpectedTotal">Sum of the customers' conditional expectations.</param>
/// <param name="MeanAbsoluteError">Per-customer mean |expected − actual|.</param>
/// <param name="RootMeanSquaredError">Per-customer RMSE.</param>
/// <param name="Correlation">Pearson correlation of expected and actual per customer.</param>
public sealed record HoldoutComparison(
    IReadOnlyList<FrequencyBucket> Buckets,
    double HoldoutLength,
    double ActualTotal,
    double ExpectedTotal,
    double MeanAbsoluteError,
    double RootMeanSquaredError,
    double Correlation)
{
    /// <summary>Compares <paramref name="model"/> with the summary's holdout columns.</summary>
    /// <exception cref="ArgumentException">The summary has no holdout purchases or no holdout length.</exception>
    public static HoldoutComparison Compute(ITransactionModel model, CustomerSummary summary, int lastBucket = 7)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(summary);
        var actual = summary.HoldoutFrequency
            ?? throw new ArgumentException("The summary has no holdout purchases: build it with a holdout end date or give a CSV with x_star / frequency_holdout.");
        var length = summary.HoldoutLength;
        if (!(length > 0.0))
        {
            throw new ArgumentException("The holdout length is unknown: give it explicitly (e.g. --holdout-length) when the summary comes from a CSV.");
        }

        var n = summary.Count;
        var expected = new double[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n > 10_000 ? -1 : 1 }, i =>
            expected[i] = model.ConditionalExpectedPurchases(length, summary.Frequency[i], summary.Recency[i], summary.Age[i]));

        var counts = new int[lastBucket + 1];
        var sumActual = new double[lastBucket + 1];
        var sumExpected = new double[lastBucket + 1];
        double totalA = 0, totalE = 0, abs = 0, sq = 0, sa2 = 0, se2 = 0, sae = 0;
        for (var i = 0; i < n; i++)
        {
            var b = Math.Min(summary.Frequency[i], lastBucket);
            counts[b]++;
            sumActual[b] += actual[i];
            sumExpected[b] += expected[i];
            totalA += actual[i];
            totalE += expected[i];
            var diff = expected[i] - actual[i];
            abs += Math.Abs(diff);
            sq += diff * diff;
            sa2 += (double)actual[i] * actual[i];
            se2 += expected[i] * expected[i];
            sae += expected[i] * actual[i];
        }

        var buckets = new List<FrequencyBucket>(lastBucket + 1);
        for (var b = 0; b <= lastBucket; b++)
        {
            var label = b == lastBucket ? string.Create(CultureInfo.InvariantCulture, $"{b}+") : b.ToString(CultureInfo.InvariantCulture);
            buckets.Add(new FrequencyBucket(label, counts[b], counts[b] == 0 ? 0.0 : sumActual[b] / counts[b], counts[b] == 0 ? 0.0 : sumExpected[b] / counts[b]));
        }

        var meanA = totalA / n;
        var meanE = totalE / n;
        var cov = sae / n - meanA * meanE;
        var correlation = cov / Math.Sqrt((sa2 / n - meanA * meanA) * (se2 / n - meanE * meanE));
        return new HoldoutComparison(buckets, length, totalA, totalE, abs / n, Math.Sqrt(sq / n), correlation);
    }
}
