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

    /// <summary>CUPED with several covariates: θ is the least-squares coefficient vector of Y on the centred covariates
    /// (pooled over arms), Y − θ·(X − X̄) the adjusted outcome. A covariate that is constant or a copy of another gets no weight.</summary>
    public static (double[] Adjusted, double VarianceReduction) Adjust(ReadOnlySpan<double> outcome, IReadOnlyList<double[]> covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var n = outcome.Length;
        var k = covariates.Count;
        var means = new double[k];
        var meanY = 0.0;
        for (var i = 0; i < n; i++)
        {
            meanY += outcome[i];
        }

        meanY /= Math.Max(n, 1);
        for (var j = 0; j < k; j++)
        {
            if (covariates[j].Length != n)
            {
                throw new ArgumentException("Every outcome needs its covariates.");
            }

            var sum = 0.0;
            foreach (var v in covariates[j])
            {
                sum += v;
            }

            means[j] = sum / Math.Max(n, 1);
        }

        // Normal equations S θ = c with S the covariates' cross-products and c their products with Y, all centred.
        var s = new double[k, k];
        var c = new double[k];
        var syy = 0.0;
        for (var i = 0; i < n; i++)
        {
            var dy = outcome[i] - meanY;
            syy += dy * dy;
            for (var a = 0; a < k; a++)
            {
                var da = covariates[a][i] - means[a];
                c[a] += da * dy;
                for (var b = 0; b <= a; b++)
                {
                    s[a, b] += da * (covariates[b][i] - means[b]);
                }
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                s[a, b] = s[b, a];
            }
        }

        var theta = Solve(s, c);
        var adjusted = new double[n];
        var sAdj = 0.0;
        for (var i = 0; i < n; i++)
        {
            var value = outcome[i];
            for (var j = 0; j < k; j++)
            {
                value -= theta[j] * (covariates[j][i] - means[j]);
            }

            adjusted[i] = value;
            var d = value - meanY;
            sAdj += d * d;
        }

        return (adjusted, syy > 0 ? 1 - sAdj / syy : 0);
    }

    // Gaussian elimination with partial pivoting; a pivot that vanishes relative to the diagonal drops its covariate.
    private static double[] Solve(double[,] matrix, double[] rhs)
    {
        var k = rhs.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])rhs.Clone();
        var scale = 0.0;
        for (var i = 0; i < k; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }

        var active = new bool[k];
        for (var col = 0; col < k; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < k; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(a[pivot, col]) <= 1e-12 * scale || scale == 0)
            {
                continue;
            }

            active[col] = true;
            if (pivot != col)
            {
                for (var j = 0; j < k; j++)
                {
                    (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (var row = col + 1; row < k; row++)
            {
                var f = a[row, col] / a[col, col];
                for (var j = col; j < k; j++)
                {
                    a[row, j] -= f * a[col, j];
                }

                b[row] -= f * b[col];
            }
        }

        var x = new double[k];
        for (var row = k - 1; row >= 0; row--)
        {
            if (!active[row])
            {
                continue;
            }

            var sum = b[row];
            for (var j = row + 1; j < k; j++)
            {
                sum -= a[row, j] * x[j];
            }

            x[row] = sum / a[row, row];
        }

        return x;
    }
}
