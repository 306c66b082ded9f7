using Patron.Lifetime.Data;

namespace Patron.Lifetime.Models;

/// <summary>Fits the Gamma-Gamma spend model on the customers with repeat transactions.</summary>
public static class GammaGammaFitter
{
    private static readonly string[] Names = ["p", "q", "gamma"];

    /// <exception cref="LifetimeFitException">The summary has no spend, no repeat buyer, a non-positive mean spend, or the fit did not converge.</exception>
    public static GammaGammaModel Fit(CustomerSummary summary, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var spend = summary.MeanRepeatSpend
            ?? throw new LifetimeFitException("The Gamma-Gamma fit needs the mean repeat spend per customer (column zbar or monetary_value).");
        return Fit(summary.Frequency, spend, summary.CustomerIds, options);
    }

    /// <summary>Fits on customers with x &gt; 0; <paramref name="customerIds"/> only serves error messages.</summary>
    public static GammaGammaModel Fit(int[] frequency, double[] meanSpend, string[]? customerIds = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(meanSpend);
        options ??= FitOptions.Default;
        var index = new Dictionary<(int, double), int>();
        var xs = new List<int>();
        var zs = new List<double>();
        var ws = new List<double>();
        double n = 0.0, sx = 0.0, sz = 0.0, sxx = 0.0, szz = 0.0, sxz = 0.0;
        for (var i = 0; i < frequency.Length; i++)
        {
            if (frequency[i] <= 0)
            {
                continue;
            }

            var z = meanSpend[i];
            if (!(z > 0.0) || !double.IsFinite(z))
            {
                var who = customerIds is null ? $"row {i + 1}" : $"customer '{customerIds[i]}'";
                throw new LifetimeFitException(FormattableString.Invariant(
                    $"The Gamma-Gamma model needs a positive mean repeat spend for every repeat buyer, but {who} has x = {frequency[i]} and spend {z}. Remove returns-only or free orders first."));
            }

            n++;
            sx += frequency[i];
            sz += z;
            sxx += (double)frequency[i] * frequency[i];
            szz += z * z;
            sxz += frequency[i] * z;
            var key = (frequency[i], z);
            if (index.TryGetValue(key, out var row))
            {
                ws[row]++;
            }
            else
            {
                index.Add(key, xs.Count);
                xs.Add(frequency[i]);
                zs.Add(z);
                ws.Add(1.0);
            }
        }

        if (n < 2)
        {
            throw new LifetimeFitException($"The Gamma-Gamma fit needs at least two customers with repeat purchases; found {n:0}.");
        }

        var covariance = sxz / n - sx / n * (sz / n);
        var correlation = covariance / Math.Sqrt((sxx / n - sx / n * (sx / n)) * (szz / n - sz / n * (sz / n)));
        var meanZ = sz / n;
        var likelihood = new GammaGammaLikelihood([.. xs], [.. zs], [.. ws]);
        double[][] starts =
        [
            [1.0, 2.0, meanZ],
            [5.0, 3.0, meanZ],
            [1.0, 1.0, 1.0],
            [10.0, 10.0, 10.0 * meanZ],
        ];
        var (theta, fit) = MaximumLikelihood.Fit("gamma-gamma", Names, likelihood.Evaluate, n, xs.Count, starts, options);
        return new GammaGammaModel(theta[0], theta[1], theta[2], correlation, fit);
    }
}
