using Patron.Lifetime.Data;

namespace Patron.Lifetime.Models;

/// <summary>Fits Pareto/NBD by maximum likelihood.</summary>
public static class ParetoNbdFitter
{
    private const int WarmStartRows = 50_000;

    private static readonly string[] Names = ["r", "alpha", "s", "beta"];

    public static ParetoNbdModel Fit(CustomerSummary summary, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(CalibrationRows.From(summary), options);
    }

    /// <exception cref="LifetimeFitException">No customer has a repeat purchase, or the optimiser did not converge.</exception>
    public static ParetoNbdModel Fit(CalibrationRows rows, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= FitOptions.Default;
        var (meanX, meanT) = BgNbdFitter.Moments(rows, "pareto-nbd");
        var likelihood = new ParetoNbdLikelihood(rows, options.ParallelRows);
        var alpha = Math.Max(meanT / Math.Max(meanX, 1e-3), 1e-3);
        double[][] starts =
        [
            [1.0, alpha, 1.0, meanT],
            [0.5, alpha / 4.0, 0.5, meanT / 4.0],
            [2.0, 4.0 * alpha, 2.0, 4.0 * meanT],
            [1.0, 1.0, 1.0, 1.0],
        ];
        if (rows.Count >= 4 * WarmStartRows)
        {
            // On very large inputs a fit on a regular sample lands next to the optimum, so the full data needs few iterations.
            try
            {
                var warm = Fit(rows.Stride(rows.Count / WarmStartRows), options);
                starts = [[warm.R, warm.Alpha, warm.S, warm.Beta], .. starts];
            }
            catch (LifetimeFitException)
            {
                // The sample may be too thin to identify the model; the full data still gets every regular start.
            }
        }

        var (theta, fit) = MaximumLikelihood.Fit("pareto-nbd", Names, likelihood.Evaluate, rows.TotalWeight, rows.Count, starts, options);
        return new ParetoNbdModel(theta[0], theta[1], theta[2], theta[3], fit);
    }
}
