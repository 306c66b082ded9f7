namespace Patron.Learning.Linear;

/// <summary>Line searches of the quasi-Newton optimizer.</summary>
internal sealed partial class QuasiNewtonOptimizer
{
    // Backtracking on the Armijo condition along the orthant-projected path (OWL-QN).
    private static bool BacktrackOrthant(IDifferentiableFunction function, ReadOnlySpan<double> x, double f, double[] pg, double[] d, ReadOnlySpan<double> l1, double step, double[] xNew, double[] gNew, out double fNew)
    {
        var n = x.Length;
        fNew = f;
        for (var ls = 0; ls < MaxLineSearchSteps; ls++)
        {
            for (var i = 0; i < n; i++)
            {
                var v = x[i] + (step * d[i]);
                if (l1[i] > 0)
                {
                    // A coordinate may reach zero but not cross it.
                    var orthant = x[i] != 0 ? Math.Sign(x[i]) : -Math.Sign(pg[i]);
                    if (Math.Sign(v) != orthant)
                    {
                        v = 0;
                    }
                }

                xNew[i] = v;
            }

            fNew = function.Evaluate(xNew, gNew) + L1Norm(xNew, l1);
            var decrease = 0.0;
            for (var i = 0; i < n; i++)
            {
                decrease += pg[i] * (xNew[i] - x[i]);
            }

            if (fNew <= f + (ArmijoFactor * decrease))
            {
                return true;
            }

            step *= 0.5;
        }

        return false;
    }

    // Line search for the strong Wolfe conditions (Nocedal & Wright, Alg. 3.5 and 3.6) with safeguarded cubic
    // interpolation; good curvature pairs keep L-BFGS's iteration count low. On success xNew/gNew hold the accepted point.
    private static bool WolfeSearch(IDifferentiableFunction function, ReadOnlySpan<double> x, double f0, double slope0, double[] d, double step, double[] xNew, double[] gNew, out double fNew)
    {
        const double C2 = 0.9;
        double prevStep = 0, prevF = f0, prevSlope = slope0;
        for (var i = 0; i < MaxLineSearchSteps; i++)
        {
            var (f, slope) = Probe(function, x, d, step, xNew, gNew);
            if (f > f0 + (ArmijoFactor * step * slope0) || (i > 0 && f >= prevF))
            {
                return Zoom(function, x, f0, slope0, d, (prevStep, prevF, prevSlope), (step, f, slope), xNew, gNew, out fNew);
            }

            if (Math.Abs(slope) <= -C2 * slope0)
            {
                fNew = f;
                return true;
            }

            if (slope >= 0)
            {
                return Zoom(function, x, f0, slope0, d, (step, f, slope), (prevStep, prevF, prevSlope), xNew, gNew, out fNew);
            }

            (prevStep, prevF, prevSlope) = (step, f, slope);
            step *= 2;
        }

        fNew = f0;
        return false;
    }

    private static bool Zoom(IDifferentiableFunction function, ReadOnlySpan<double> x, double f0, double slope0, double[] d, (double Step, double F, double Slope) lo, (double Step, double F, double Slope) hi, double[] xNew, double[] gNew, out double fNew)
    {
        const double C2 = 0.9;
        for (var i = 0; i < MaxLineSearchSteps; i++)
        {
            var step = Interpolate(lo, hi);
            var (f, slope) = Probe(function, x, d, step, xNew, gNew);
            if (f > f0 + (ArmijoFactor * step * slope0) || f >= lo.F)
            {
                hi = (step, f, slope);
            }
            else
            {
                if (Math.Abs(slope) <= -C2 * slope0)
                {
                    fNew = f;
                    return true;
                }

                if (slope * (hi.Step - lo.Step) >= 0)
                {
                    hi = lo;
                }

                lo = (step, f, slope);
            }

            if (Math.Abs(hi.Step - lo.Step) <= 1e-16 * Math.Max(1, lo.Step))
            {
                break;
            }
        }

        // The interval collapsed: accept the best sufficient-decrease point found, if any.
        if (lo.Step > 0 && lo.F < f0)
        {
            (fNew, _) = Probe(function, x, d, lo.Step, xNew, gNew);
            return true;
        }

        fNew = f0;
        return false;
    }

    private static double Interpolate((double Step, double F, double Slope) lo, (double Step, double F, double Slope) hi)
    {
        var a = Math.Min(lo.Step, hi.Step);
        var b = Math.Max(lo.Step, hi.Step);
        var width = b - a;
        var d1 = lo.Slope + hi.Slope - (3 * (lo.F - hi.F) / (lo.Step - hi.Step));
        var radicand = (d1 * d1) - (lo.Slope * hi.Slope);
        if (radicand >= 0)
        {
            var d2 = Math.Sign(hi.Step - lo.Step) * Math.Sqrt(radicand);
            var denominator = hi.Slope - lo.Slope + (2 * d2);
            if (denominator != 0)
            {
                var step = hi.Step - ((hi.Step - lo.Step) * (hi.Slope + d2 - d1) / denominator);
                if (double.IsFinite(step) && step >= a + (0.1 * width) && step <= b - (0.1 * width))
                {
                    return step;
                }
            }
        }

        return (a + b) / 2;
    }

    private static (double F, double Slope) Probe(IDifferentiableFunction function, ReadOnlySpan<double> x, double[] d, double step, double[] xNew, double[] gNew)
    {
        for (var i = 0; i < x.Length; i++)
        {
            xNew[i] = x[i] + (step * d[i]);
        }

        var f = function.Evaluate(xNew, gNew);
        return (f, Dot(gNew, d));
    }
}
