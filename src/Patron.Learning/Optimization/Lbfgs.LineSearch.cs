namespace Patron.Learning.Optimization;

public static partial class Lbfgs
{
    private const int MaxBracketSteps = 40;

    // Relative size of the rounding noise in a sum over many rows: near the optimum a decrease smaller than this cannot
    // be seen, so the approximate Wolfe test of Hager & Zhang (2005) accepts a point that is no worse than the start
    // within the noise and satisfies the curvature condition.
    private const double ValueNoise = 1e-13;
    private const int MaxZoomSteps = 20;
    private const int MaxBacktrackSteps = 60;

    private readonly record struct SearchOutcome(bool Success, double Value, int Evaluations);

    private sealed class Trial(int n)
    {
        public double Step;
        public double Value;
        public double Slope;
        public readonly double[] Gradient = new double[n];

        public void CopyFrom(Trial other)
        {
            Step = other.Step;
            Value = other.Value;
            Slope = other.Slope;
            Array.Copy(other.Gradient, Gradient, Gradient.Length);
        }
    }

    // Strong Wolfe line search along d from x; on success xNew/gNew hold the accepted point.
    private static SearchOutcome LineSearch(
        Objective objective, double[] x, double f0, double[] g0, double[] d, double slope0, double initialStep, double[] xNew, double[] gNew)
    {
        var n = x.Length;
        var evaluations = 0;
        var previous = new Trial(n) { Step = 0.0, Value = f0, Slope = slope0 };
        Array.Copy(g0, previous.Gradient, n);
        var current = new Trial(n);
        var step = initialStep;

        void Evaluate(Trial trial, double alpha)
        {
            for (var i = 0; i < n; i++)
            {
                xNew[i] = x[i] + alpha * d[i];
            }

            trial.Step = alpha;
            trial.Value = objective(xNew, trial.Gradient);
            evaluations++;
            var slope = 0.0;
            for (var i = 0; i < n; i++)
            {
                slope += trial.Gradient[i] * d[i];
            }

            trial.Slope = slope;
            if (!double.IsFinite(slope))
            {
                trial.Value = double.NaN;
            }
        }

        void Accept(Trial trial)
        {
            for (var i = 0; i < n; i++)
            {
                xNew[i] = x[i] + trial.Step * d[i];
            }

            Array.Copy(trial.Gradient, gNew, n);
        }

        bool ApproximatelyWolfe(Trial trial) =>
            double.IsFinite(trial.Value)
            && trial.Value <= f0 + ValueNoise * Math.Abs(f0)
            && trial.Value > f0 + C1 * trial.Step * slope0 - ValueNoise * Math.Abs(f0)
            && Math.Abs(trial.Slope) <= -C2 * slope0;

        for (var k = 0; k < MaxBracketSteps; k++)
        {
            Evaluate(current, step);
            if (ApproximatelyWolfe(current))
            {
                Accept(current);
                return new SearchOutcome(true, current.Value, evaluations);
            }

            var tooHigh = !double.IsFinite(current.Value)
                || current.Value > f0 + C1 * step * slope0
                || (k > 0 && current.Value >= previous.Value);
            if (tooHigh)
            {
                return Zoom(previous, current);
            }

            if (Math.Abs(current.Slope) <= -C2 * slope0)
            {
                Accept(current);
                return new SearchOutcome(true, current.Value, evaluations);
            }

            if (current.Slope >= 0.0)
            {
                return Zoom(current, previous);
            }

            // Still descending: extrapolate with the secant of the slope (the minimiser of the quadratic through both
            // slopes), kept between 2 and 100 times the current step, so a badly scaled first step recovers quickly.
            var secant = current.Step - current.Slope * (current.Step - previous.Step) / (current.Slope - previous.Slope);
            var next = double.IsFinite(secant) ? Math.Clamp(secant, 2.0 * step, 100.0 * step) : 2.0 * step;
            previous.CopyFrom(current);
            step = next;
        }

        return new SearchOutcome(false, f0, evaluations);

        SearchOutcome Zoom(Trial lo, Trial hi)
        {
            var low = new Trial(n);
            var high = new Trial(n);
            low.CopyFrom(lo);
            high.CopyFrom(hi);
            var trial = new Trial(n);
            for (var k = 0; k < MaxZoomSteps; k++)
            {
                var alpha = Interpolate(low, high);
                Evaluate(trial, alpha);
                if (ApproximatelyWolfe(trial))
                {
                    Accept(trial);
                    return new SearchOutcome(true, trial.Value, evaluations);
                }

                if (!double.IsFinite(trial.Value) || trial.Value > f0 + C1 * alpha * slope0 || trial.Value >= low.Value)
                {
                    high.CopyFrom(trial);
                }
                else
                {
                    if (Math.Abs(trial.Slope) <= -C2 * slope0)
                    {
                        Accept(trial);
                        return new SearchOutcome(true, trial.Value, evaluations);
                    }

                    if (trial.Slope * (high.Step - low.Step) >= 0.0)
                    {
                        high.CopyFrom(low);
                    }

                    low.CopyFrom(trial);
                }

                if (Math.Abs(high.Step - low.Step) <= 1e-12 * Math.Max(Math.Abs(low.Step), Math.Abs(high.Step)))
                {
                    break;
                }
            }

            // The interval collapsed: a point with sufficient decrease is still progress, even without curvature.
            if (low.Step > 0.0 && low.Value < f0)
            {
                Accept(low);
                return new SearchOutcome(true, low.Value, evaluations);
            }

            return new SearchOutcome(false, f0, evaluations);
        }
    }

    // OWL-QN: backtracking on the Armijo condition along the orthant-projected path; a coordinate may reach zero but not
    // cross it. On success xNew/gNew hold the accepted point and the value includes the L1 term.
    private static SearchOutcome BacktrackOrthant(
        Objective objective, double[] x, double f0, double[] pg, double[] d, double[] l1, double step, double[] xNew, double[] gNew)
    {
        var n = x.Length;
        for (var k = 0; k < MaxBacktrackSteps; k++)
        {
            for (var i = 0; i < n; i++)
            {
                var v = x[i] + (step * d[i]);
                if (l1[i] > 0)
                {
                    var orthant = x[i] != 0 ? Math.Sign(x[i]) : -Math.Sign(pg[i]);
                    if (Math.Sign(v) != orthant)
                    {
                        v = 0;
                    }
                }

                xNew[i] = v;
            }

            var value = objective(xNew, gNew) + L1Norm(xNew, l1);
            var decrease = 0.0;
            for (var i = 0; i < n; i++)
            {
                decrease += pg[i] * (xNew[i] - x[i]);
            }

            if (value <= f0 + (C1 * decrease))
            {
                return new SearchOutcome(true, value, k + 1);
            }

            step *= 0.5;
        }

        return new SearchOutcome(false, f0, MaxBacktrackSteps);
    }

    private static double Interpolate(Trial a, Trial b)
    {
        var lo = Math.Min(a.Step, b.Step);
        var hi = Math.Max(a.Step, b.Step);
        var width = hi - lo;
        if (double.IsFinite(a.Value) && double.IsFinite(b.Value))
        {
            // Minimiser of the cubic matching values and slopes at both ends (Nocedal & Wright eq. 3.59).
            var d1 = a.Slope + b.Slope - 3.0 * (a.Value - b.Value) / (a.Step - b.Step);
            var disc = d1 * d1 - a.Slope * b.Slope;
            if (disc >= 0.0)
            {
                var d2 = Math.Sign(b.Step - a.Step) * Math.Sqrt(disc);
                var alpha = b.Step - (b.Step - a.Step) * (b.Slope + d2 - d1) / (b.Slope - a.Slope + 2.0 * d2);
                if (double.IsFinite(alpha) && alpha >= lo + 0.1 * width && alpha <= hi - 0.1 * width)
                {
                    return alpha;
                }
            }
        }
        else if (double.IsFinite(a.Value) && !double.IsFinite(b.Value))
        {
            // Undefined far end: retreat strongly toward the good end.
            return a.Step + 0.1 * (b.Step - a.Step);
        }

        return 0.5 * (lo + hi);
    }
}
