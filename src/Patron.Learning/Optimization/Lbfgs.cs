namespace Patron.Learning.Optimization;

/// <summary>The one limited-memory BFGS minimiser of Patron, of f(x) + Σ λᵢ|xᵢ|: plain L-BFGS with a strong Wolfe line
/// search when every λᵢ is 0 (the lifetime likelihoods, ridge logistic regression), OWL-QN (Andrew &amp; Gao 2007,
/// "Scalable training of L1-regularized log-linear models") with an orthant-projected backtracking search otherwise.</summary>
/// <remarks>
/// Follows Nocedal &amp; Wright, Numerical Optimization (2nd ed.): the two-loop recursion (Algorithm 7.4) and the
/// bracketing line search with zoom (Algorithms 3.5 and 3.6) using safeguarded cubic interpolation, with the approximate
/// Wolfe test of Hager &amp; Zhang near the optimum and a secant extrapolation while still descending. Stateless and
/// thread-safe; each call allocates its working arrays once. Deterministic: the same objective and start give the
/// same bytes.
/// </remarks>
public static partial class Lbfgs
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;

    /// <summary>Minimises <paramref name="objective"/> (plus Σ <paramref name="l1"/>ᵢ|xᵢ| when given) from
    /// <paramref name="start"/>.</summary>
    /// <param name="objective">The smooth part f.</param>
    /// <param name="start">The start point.</param>
    /// <param name="options">Stopping rules and memory; the defaults when null.</param>
    /// <param name="l1">Per-parameter L1 weights λᵢ ≥ 0, or empty for none.</param>
    public static LbfgsResult Minimize(Objective objective, ReadOnlySpan<double> start, LbfgsOptions? options = null, ReadOnlySpan<double> l1 = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        options ??= new LbfgsOptions();
        var n = start.Length;
        if (!l1.IsEmpty && l1.Length != n)
        {
            throw new ArgumentException($"Expected {n} L1 weights (one per parameter) or none, got {l1.Length}.", nameof(l1));
        }

        var weights = HasPositive(l1) ? l1.ToArray() : null;
        var m = options.Memory;
        var x = start.ToArray();
        var g = new double[n];
        var pg = weights is null ? g : new double[n];
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[m][];
        var y = new double[m][];
        var rho = new double[m];
        var alphaHist = new double[m];
        for (var i = 0; i < m; i++)
        {
            s[i] = new double[n];
            y[i] = new double[n];
        }

        var evaluations = 1;
        var f = objective(x, g) + L1Norm(x, weights);
        if (!double.IsFinite(f) || !AllFinite(g))
        {
            return new LbfgsResult(x, f, double.NaN, 0, evaluations, false, "the objective is not finite at the start point");
        }

        var stored = 0;
        var newest = -1;
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            if (weights is not null)
            {
                PseudoGradient(x, g, weights, pg);
            }

            var gNorm = MaxAbs(pg);
            if (gNorm <= options.GradientTolerance)
            {
                return new LbfgsResult(x, f, gNorm, iteration, evaluations, true, "gradient below tolerance");
            }

            TwoLoop(pg, d, s, y, rho, alphaHist, stored, newest);
            if (weights is not null)
            {
                // OWL-QN keeps the direction within the orthant the pseudo-gradient points to.
                for (var i = 0; i < n; i++)
                {
                    if (d[i] * pg[i] >= 0.0)
                    {
                        d[i] = 0.0;
                    }
                }
            }

            var slope = Dot(pg, d);
            if (!(slope < 0.0))
            {
                // The curvature pairs have gone stale; restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    d[i] = -pg[i];
                }

                slope = -Dot(pg, pg);
            }

            var initialStep = stored == 0 ? Math.Min(1.0, 1.0 / Math.Max(gNorm, 1e-300)) : 1.0;
            var search = weights is null
                ? LineSearch(objective, x, f, g, d, slope, initialStep, xNew, gNew)
                : BacktrackOrthant(objective, x, f, pg, d, weights, initialStep, xNew, gNew);
            evaluations += search.Evaluations;
            if (!search.Success)
            {
                var converged = gNorm <= options.StallGradientTolerance;
                return new LbfgsResult(x, f, gNorm, iteration, evaluations, converged, converged ? "no further decrease possible" : "line search failed");
            }

            var sy = 0.0;
            var yy = 0.0;
            for (var i = 0; i < n; i++)
            {
                var si = xNew[i] - x[i];
                var yi = gNew[i] - g[i];
                sy += si * yi;
                yy += yi * yi;
            }

            // Only pairs with clearly positive curvature keep the implicit Hessian approximation positive definite.
            if (sy > 1e-300 && sy > 1e-12 * yy)
            {
                newest = (newest + 1) % m;
                for (var i = 0; i < n; i++)
                {
                    s[newest][i] = xNew[i] - x[i];
                    y[newest][i] = gNew[i] - g[i];
                }

                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, m);
            }

            var previous = f;
            f = search.Value;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            if (previous - f <= options.RelativeTolerance * Math.Max(Math.Abs(f), 1.0))
            {
                if (weights is not null)
                {
                    PseudoGradient(x, g, weights, pg);
                }

                var norm = MaxAbs(pg);
                var converged = norm <= options.StallGradientTolerance;
                return new LbfgsResult(x, f, norm, iteration + 1, evaluations, converged, converged ? "relative decrease below tolerance" : "stalled");
            }
        }

        if (weights is not null)
        {
            PseudoGradient(x, g, weights, pg);
        }

        return new LbfgsResult(x, f, MaxAbs(pg), options.MaxIterations, evaluations, false, "iteration limit reached");
    }

    private static void TwoLoop(double[] g, double[] d, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest)
    {
        var n = g.Length;
        var m = s.Length;
        for (var i = 0; i < n; i++)
        {
            d[i] = -g[i];
        }

        var index = newest;
        for (var k = 0; k < stored; k++)
        {
            alpha[index] = rho[index] * Dot(s[index], d);
            Axpy(-alpha[index], y[index], d);
            index = (index - 1 + m) % m;
        }

        if (stored > 0)
        {
            var yy = Dot(y[newest], y[newest]);
            var gamma = 1.0 / (rho[newest] * yy);
            for (var i = 0; i < n; i++)
            {
                d[i] *= gamma;
            }
        }

        index = (newest - stored + 1 + m) % m;
        for (var k = 0; k < stored; k++)
        {
            var beta = rho[index] * Dot(y[index], d);
            Axpy(alpha[index] - beta, s[index], d);
            index = (index + 1) % m;
        }
    }

    // The minimum-norm subgradient of f + Σ λᵢ|xᵢ| (Andrew & Gao's pseudo-gradient): zero where xᵢ = 0 and |∂ᵢf| ≤ λᵢ.
    private static void PseudoGradient(double[] x, double[] g, double[] l1, double[] pg)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var lambda = l1[i];
            if (x[i] > 0)
            {
                pg[i] = g[i] + lambda;
            }
            else if (x[i] < 0)
            {
                pg[i] = g[i] - lambda;
            }
            else if (g[i] + lambda < 0)
            {
                pg[i] = g[i] + lambda;
            }
            else if (g[i] - lambda > 0)
            {
                pg[i] = g[i] - lambda;
            }
            else
            {
                pg[i] = 0;
            }
        }
    }

    private static double L1Norm(ReadOnlySpan<double> x, double[]? l1)
    {
        if (l1 is null)
        {
            return 0.0;
        }

        var sum = 0.0;
        for (var i = 0; i < l1.Length; i++)
        {
            sum += l1[i] * Math.Abs(x[i]);
        }

        return sum;
    }

    private static bool HasPositive(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (v > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double alpha, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    private static bool AllFinite(double[] v)
    {
        foreach (var value in v)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
