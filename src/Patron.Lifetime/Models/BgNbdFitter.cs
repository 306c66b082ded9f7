using Patron.Lifetime.Data;

namespace Patron.Lifetime.Models;

/// <summary>Fits BG/NBD or MBG/NBD by maximum likelihood.</summary>
public static class BgNbdFitter
{
    private const int WarmStartRows = 50_000;

    private static readonly string[] Names = ["r", "alpha", "a", "b"];

    public static BgNbdModel Fit(CustomerSummary summary, bool modified = false, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(CalibrationRows.From(summary), modified, options);
    }

    /// <exception cref="LifetimeFitException">No customer has a repeat purchase, or the optimiser did not converge.</exception>
    public static BgNbdModel Fit(CalibrationRows rows, bool modified = false, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= FitOptions.Default;
        var name = modified ? "mbgnbd" : "bgnbd";
        var (meanX, meanT) = Moments(rows, name);
        var likelihood = new BgNbdLikelihood(rows, modified, options.ParallelRows);
        var alpha = Math.Max(meanT / Math.Max(meanX, 1e-3), 1e-3);
        double[][] starts =
        [
            [1.0, alpha, 1.0, 1.0],
            [0.5, alpha / 4.0, 0.8, 2.5],
            [2.0, 4.0 * alpha, 2.0, 5.0],
            [1.0, 1.0, 1.0, 1.0],
        ];
        if (rows.Count >= 4 * WarmStartRows)
        {
            // On very large inputs a fit on a regular sample lands next to the optimum, so the full data needs few iterations.
            try
            {
                var warm = Fit(rows.Stride(rows.Count / WarmStartRows), modified, options);
                starts = [[warm.R, warm.Alpha, warm.A, warm.B], .. starts];
            }
            catch (LifetimeFitException)
            {
                // The sample may be too thin to identify the model; the full data still gets every regular start.
            }
        }

        var (theta, fit) = MaximumLikelihood.Fit(name, Names, likelihood.Evaluate, rows.TotalWeight, rows.Count, starts, options);
        return new BgNbdModel(theta[0], theta[1], theta[2], theta[3], modified, fit);
    }

    internal static (double MeanX, double MeanT) Moments(CalibrationRows rows, string model)
    {
        if (rows.Count == 0)
        {
            throw new LifetimeFitException($"The {model} fit needs at least one customer.");
        }

        double sx = 0.0, st = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            sx += rows.Weights[i] * rows.X[i];
            st += rows.Weights[i] * rows.Age[i];
        }

        if (sx == 0.0)
        {
            throw new LifetimeFitException(
                $"The {model} fit needs repeat purchases, but every one of the {rows.TotalWeight:0} customers has x = 0: purchase rates and dropout cannot be separated.");
        }

        if (st == 0.0)
        {
            throw new LifetimeFitException($"The {model} fit needs customers observed for some time, but every T is 0.");
        }

        return (sx / rows.TotalWeight, st / rows.TotalWeight);
    }
}
