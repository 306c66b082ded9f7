namespace Patron.Lifetime.Numerics;

/// <summary>Limited-memory BFGS minimiser with a line search that satisfies the strong Wolfe conditions.</summary>
/// <remarks>
/// Follows Nocedal &amp; Wright, Numerical Optimization (2nd ed.): the two-loop recursion (Algorithm 7.4) and the
/// bracketing line search with zoom (Algorithms 3.5 and 3.6) using safeguarded cubic interpolation. Stateless and
/// thread-safe; each call allocates its working arrays once.
/// </remarks>
public static partial class Lbfgs
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;

    /// <summary>Minimises <paramref name="objective"/> from <paramref name="start"/>.</summary>
    public static LbfgsResult Minimize(Objective objective, ReadOnlySpan<double> start, LbfgsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        options ??= new LbfgsOptions();
        var n = start.Length;
        var m = options.Memory;
        var x = start.ToArray();
        var g = new double[n];
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
        var f = objective(x, g);
        if (!double.IsFinite(f) || !AllFinite(g))
        {
            return new LbfgsResult(x, f, double.NaN, 0, evaluations, false, "the objective is not finite at the start point");
        }

        var stored = 0;
        var newest = -1;
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var gNorm = MaxAbs(g);
            if (gNorm <= options.GradientTolerance)
            {
                return new LbfgsResult(x, f, gNorm, iteration, evaluations, true, "gradient below tolerance");
            }

            TwoLoop(g, d, s, y, rho, alphaHist, stored, newest);
            var slope = Dot(g, d);
            if (!(slope < 0.0))
            {
                // The curvature pairs have gone stale; restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    d[i] = -g[i];
                }

                slope = -Dot(g, g);
            }

            var initialStep = stored == 0 ? Math.Min(1.0, 1.0 / Math.Max(gNorm, 1e-300)) : 1.0;
            var search = LineSearch(objective, x, f, g, d, slope, initialStep, xNew, gNew);
            evaluations += search.Evaluations;
            if (!search.Success)
            {
                var converged = gNorm <= options.StallGradientTolerance;
                return new LbfgsResult(x, f, gNorm, iteration, evaluations, converged, converged ? "no further decrease possible" : "line search failed");
            }

            var sy = 0.0;
            for (var i = 0; i < n; i++)
            {
                sy += (xNew[i] - x[i]) * (gNew[i] - g[i]);
            }

            // Only pairs with positive curvature keep the implicit Hessian approximation positive definite.
            if (sy > 1e-300)
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
                var norm = MaxAbs(g);
                var converged = norm <= options.StallGradientTolerance;
                return new LbfgsResult(x, f, norm, iteration + 1, evaluations, converged, converged ? "relative decrease below tolerance" : "stalled");
            }
        }

        return new LbfgsResult(x, f, MaxAbs(g), options.MaxIterations, evaluations, false, "iteration limit reached");
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
