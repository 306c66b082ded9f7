namespace Patron.Learning.Experiments;

/// <summary>CUPED (Deng, Xu, Kohavi and Walker 2013): variance reduction with a pre-experiment covariate.</summary>
/// <remarks>
/// Each unit's outcome Y becomes Y − θ(X − X̄) with θ = Cov(X, Y)/Var(X) over all units of all arms and X̄ their
/// mean. Assignment is independent of X, so the adjusted means differ by the same expected lift while the variance
/// falls by the factor 1 − ρ², ρ being the correlation of X and Y. θ is pooled across arms, as the paper recommends,
/// so the adjustment cannot create a difference between them.
/// </remarks>
public static class Cuped
{
    /// <summary>The adjusted outcomes, θ and the share of variance removed (1 − Var(adjusted)/Var(Y)).</summary>
    public static (double[] Adjusted, double Theta, double VarianceReduction) Adjust(ReadOnlySpan<double> outcome, ReadOnlySpan<double> covariate)
    {
        if (outcome.Length != covariate.Length)
        {
            throw new ArgumentException("Every outcome needs its covariate.");
        }

        var n = outcome.Length;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += covariate[i];
            meanY += outcome[i];
        }

        meanX /= Math.Max(n, 1);
        meanY /= Math.Max(n, 1);
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            double dx = covariate[i] - meanX, dy = outcome[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        var theta = sxx > 0 ? sxy / sxx : 0;
        var adjusted = new double[n];
        var sAdj = 0.0;
        for (var i = 0; i < n; i++)
        {
            adjusted[i] = outcome[i] - theta * (covariate[i] - meanX);
            var d = adjusted[i] - meanY;
            sAdj += d * d;
        }

        return (adjusted, theta, syy > 0 ? 1 - sAdj / syy : 0);
    }
}
