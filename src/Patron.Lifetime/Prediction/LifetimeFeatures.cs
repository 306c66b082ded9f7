using System.Globalization;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Prediction;

/// <summary>Per-customer outputs of the lifetime models as named feature columns for the learned models.</summary>
/// <remarks>
/// Columns, one value per customer of the summary in its order: <c>p_alive</c>, and for each horizon h (in the
/// summary's unit, written without trailing zeros) <c>expected_purchases_h</c>, <c>p_no_purchase_h</c> (churn score)
/// and, with a spend model, <c>expected_spend</c> and <c>expected_clv_h</c>. Computed in parallel over customers.
/// </remarks>
public static class LifetimeFeatures
{
    public static IReadOnlyList<KeyValuePair<string, double[]>> Compute(
        CustomerSummary summary, ITransactionModel model, GammaGammaModel? spend, IReadOnlyList<double> horizons, double annualDiscountRate = 0.0)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(horizons);
        if (spend is not null && summary.MeanRepeatSpend is null)
        {
            throw new ArgumentException("CLV features need the mean repeat spend column in the summary.", nameof(summary));
        }

        var n = summary.Count;
        var columns = new List<KeyValuePair<string, double[]>>();
        var alive = new double[n];
        columns.Add(new("p_alive", alive));
        var spendColumn = spend is null ? null : new double[n];
        if (spendColumn is not null)
        {
            columns.Add(new("expected_spend", spendColumn));
        }

        var purchases = new double[horizons.Count][];
        var silent = new double[horizons.Count][];
        var clv = new double[horizons.Count][];
        for (var h = 0; h < horizons.Count; h++)
        {
            var suffix = horizons[h].ToString("0.###", CultureInfo.InvariantCulture);
            purchases[h] = new double[n];
            silent[h] = new double[n];
            columns.Add(new($"expected_purchases_{suffix}", purchases[h]));
            columns.Add(new($"p_no_purchase_{suffix}", silent[h]));
            if (spend is not null)
            {
                clv[h] = new double[n];
                columns.Add(new($"expected_clv_{suffix}", clv[h]));
            }
        }

        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n > 5_000 ? -1 : 1 }, i =>
        {
            var x = summary.Frequency[i];
            var tx = summary.Recency[i];
            var age = summary.Age[i];
            alive[i] = model.ProbabilityAlive(x, tx, age);
            var expectedSpend = 0.0;
            if (spend is not null && spendColumn is not null)
            {
                expectedSpend = spend.ConditionalExpectedSpend(x, summary.MeanRepeatSpend![i]);
                spendColumn[i] = expectedSpend;
            }

            for (var h = 0; h < horizons.Count; h++)
            {
                purchases[h][i] = model.ConditionalExpectedPurchases(horizons[h], x, tx, age);
                silent[h][i] = model.ProbabilityNoPurchase(horizons[h], x, tx, age);
                if (spend is not null)
                {
                    clv[h][i] = CustomerValue.Expected(model, expectedSpend, x, tx, age, horizons[h], annualDiscountRate, summary.Unit);
                }
            }
        });

        return columns;
    }
}
