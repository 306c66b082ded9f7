using Patron.Lifetime.Data;

namespace Patron.Lifetime.Models;

/// <summary>Fits BG/BB by maximum likelihood on a recency/frequency table.</summary>
public static class BgBbFitter
{
    private static readonly string[] Names = ["alpha", "beta", "gamma", "delta"];

    /// <exception cref="LifetimeFitException">No transactions at all, or the optimiser did not converge.</exception>
    public static BgBbModel Fit(DiscreteSummary data, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= FitOptions.Default;
        double total = 0.0, purchases = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            total += data.Weights[i];
            purchases += data.Weights[i] * data.Frequency[i];
        }

        if (total == 0.0 || purchases == 0.0)
        {
            throw new LifetimeFitException("The BG/BB fit needs customers with at least one transaction after the first opportunity.");
        }

        var likelihood = new BgBbLikelihood(data);
        double[][] starts = [[1.0, 1.0, 1.0, 1.0], [0.5, 0.5, 0.5, 2.0], [2.0, 1.0, 1.0, 3.0], [0.1, 0.1, 0.1, 0.1]];
        var (theta, fit) = MaximumLikelihood.Fit("bgbb", Names, likelihood.Evaluate, total, data.Count, starts, options);
        return new BgBbModel(theta[0], theta[1], theta[2], theta[3], fit);
    }
}
