namespace Patron.Learning.Linear;

/// <summary>Limited-memory quasi-Newton minimizer of f(x) + Σ λ_j |x_j|: plain L-BFGS when every λ_j is 0, OWL-QN
/// (Andrew &amp; Gao 2007, "Scalable training of L1-regularized log-linear models") otherwise.</summary>
/// <remarks>Backtracking line search on the Armijo condition; the direction is the two-loop recursion (Nocedal &amp; Wright,
/// Numerical Optimization, Alg. 7.4) applied to the pseudo-gradient and projected onto its orthant. Deterministic.</remarks>
internal sealed partial class QuasiNewtonOptimizer
{
    private const double ArmijoFactor = 1e-4;
    private const int MaxLineSearchSteps = 60;

    private readonly int _memory;
    private readonly int _maxIterations;
    private readonly double _tolerance;
    private readonly double _functionTolerance;

    /// <param name="memory">Curvature pairs kept.</param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="tolerance">Stop when max |(pseudo-)gradient| ≤ this.</param>
    /// <param name="functionTolerance">Stop when an iteration lowers the objective by at most this share of its size
    /// (scipy's L-BFGS-B <c>ftol</c>); 0 runs to the gradient tolerance.</param>
    public QuasiNewtonOptimizer(int memory, int maxIterations, double tolerance, double functionTolerance)
    {
        _memory = memory;
        _maxIterations = maxIterations;
        _tolerance = tolerance;
        _functionTolerance = Math.Max(functionTolerance, 1e-16);
    }

    /// <summary>Minimizes from <paramref name="x"/> (updated in place); returns the iterations used.</summary>
    /// <param name="function">The smooth part.</param>
    /// <param name="x">Start point in, minimizer out.</param>
    /// <param name="l1">Per-parameter L1 weights, or empty for none.</param>
    public OptimizationResult Minimize(IDifferentiableFunction function, Span<double> x, ReadOnlySpan<double> l1)
    {
        var n = function.Dimension;
        var hasL1 = false;
        foreach (var v in l1)
        {
            hasL1 |= v > 0;
        }

        var s = new double[_memory][];
        var y = new double[_memory][];
        var rho = new double[_memory];
        for (var k = 0; k < _memory; k++)
        {
            s[k] = new double[n];
            y[k] = new double[n];
        }

        var alpha = new double[_memory];
        var g = new double[n];
        var gNew = new double[n];
        var pg = new double[n];
        var d = new double[n];
        var xNew = new double[n];
        var f = function.Evaluate(x, g) + L1Norm(x, l1);
        var stored = 0;
        var head = 0;
        var iterations = 0;
        var converged = false;

        for (; iterations < _maxIterations; iterations++)
        {
            PseudoGradient(x, g, l1, pg, hasL1);
            if (MaxAbs(pg) <= _tolerance)
            {
                converged = true;
                break;
            }

            // Two-loop recursion: d = -H * pg.
            for (var i = 0; i < n; i++)
            {
                d[i] = -pg[i];
            }

            for (var k = 0; k < stored; k++)
            {
                var idx = (head - 1 - k + _memory) % _memory;
                alpha[idx] = rho[idx] * Dot(s[idx], d);
                Axpy(-alpha[idx], y[idx], d);
            }

            if (stored > 0)
            {
                var last = (head - 1 + _memory) % _memory;
                var gamma = Dot(s[last], y[last]) / Dot(y[last], y[last]);
                for (var i = 0; i < n; i++)
                {
                    d[i] *= gamma;
                }
            }

            for (var k = stored - 1; k >= 0; k--)
            {
                var idx = (head - 1 - k + _memory) % _memory;
                var beta = rho[idx] * Dot(y[idx], d);
                Axpy(alpha[idx] - beta, s[idx], d);
            }

            if (hasL1)
            {
                // OWL-QN keeps the direction within the orthant the pseudo-gradient points to.
                for (var i = 0; i < n; i++)
                {
                    if (d[i] * pg[i] >= 0)
                    {
                        d[i] = 0;
                    }
                }
            }

            var slope = Dot(d, pg);
            if (slope >= 0)
            {
                // Curvature pairs went stale; restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    d[i] = -pg[i];
                }

                slope = Dot(d, pg);
            }

            var step = stored == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(d, d))) : 1.0;
            double fNew;
            bool accepted;
            if (hasL1)
            {
                accepted = BacktrackOrthant(function, x, f, pg, d, l1, step, xNew, gNew, out fNew);
            }
            else
            {
                accepted = WolfeSearch(function, x, f, slope, d, step, xNew, gNew, out fNew);
            }

            if (!accepted)
            {
                // No further decrease is representable at this precision: x is as good as it gets.
                converged = true;
                break;
            }

            var slot = s[head];
            var yslot = y[head];
            double sy = 0, yy = 0;
            for (var i = 0; i < n; i++)
            {
                slot[i] = xNew[i] - x[i];
                yslot[i] = gNew[i] - g[i];
                sy += slot[i] * yslot[i];
                yy += yslot[i] * yslot[i];
            }

            if (sy > 1e-12 * yy && yy > 0)
            {
                rho[head] = 1.0 / sy;
                head = (head + 1) % _memory;
                stored = Math.Min(stored + 1, _memory);
            }

            var previous = f;
            xNew.AsSpan().CopyTo(x);
            gNew.AsSpan().CopyTo(g);
            f = fNew;
            if (previous - f <= _functionTolerance * Math.Max(Math.Max(Math.Abs(previous), Math.Abs(f)), 1.0))
            {
                converged = true;
                iterations++;
                break;
            }
        }

        return new OptimizationResult(iterations, f, converged);
    }

    private static void PseudoGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> g, ReadOnlySpan<double> l1, Span<double> pg, bool hasL1)
    {
        if (!hasL1)
        {
            g.CopyTo(pg);
            return;
        }

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

    private static double L1Norm(ReadOnlySpan<double> x, ReadOnlySpan<double> l1)
    {
        var sum = 0.0;
        for (var i = 0; i < l1.Length; i++)
        {
            sum += l1[i] * Math.Abs(x[i]);
        }

        return sum;
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        var m = 0.0;
        foreach (var x in v)
        {
            m = Math.Max(m, Math.Abs(x));
        }

        return m;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
