using Patron.Learning.Optimization;
using Patron.Lifetime.Numerics;

namespace Patron.Lifetime.Models;

/// <summary>Maximises a positive-parameter log-likelihood with L-BFGS in log-parameter space and derives standard errors.</summary>
/// <remarks>
/// Working in φ = ln θ keeps every parameter positive without bounds and makes the scales comparable. The objective
/// is the negative mean log-likelihood (per unit of weight), so tolerances do not depend on the number of customers.
/// Starts are tried in order until one converges; the winner is polished by a second run with fresh memory.
/// </remarks>
internal static class MaximumLikelihood
{
    // e^±20 ≈ 5e8 / 2e-9: a parameter beyond this has run off to a boundary of the parameter space.
    private const double DivergedLogParameter = 20.0;

    public static (double[] Theta, ModelFit Fit) Fit(
        string model, string[] names, LogLikelihood logLikelihood, double totalWeight, int rows, IReadOnlyList<double[]> starts, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var k = names.Length;
        var penalty = options.Penalty;
        var scale = 1.0 / totalWeight;
        var theta = new double[k];
        var gradTheta = new double[k];

        double Objective(ReadOnlySpan<double> phi, Span<double> gradient)
        {
            for (var i = 0; i < k; i++)
            {
                theta[i] = Math.Exp(phi[i]);
            }

            var ll = logLikelihood(theta, gradTheta);
            var value = ll;
            for (var i = 0; i < k; i++)
            {
                value -= penalty * theta[i] * theta[i];
                gradient[i] = -scale * theta[i] * (gradTheta[i] - 2.0 * penalty * theta[i]);
            }

            return -scale * value;
        }

        var optimizerOptions = options.Optimizer ?? new LbfgsOptions();
        var evaluations = 0;
        var failures = new List<string>();
        LbfgsResult? best = null;
        var tried = Math.Min(Math.Max(options.MaxStarts, 1), starts.Count);
        for (var s = 0; s < tried && best is null; s++)
        {
            var phi0 = new double[k];
            for (var i = 0; i < k; i++)
            {
                phi0[i] = Math.Log(starts[s][i]);
            }

            var run = Lbfgs.Minimize(Objective, phi0, optimizerOptions);
            evaluations += run.Evaluations;
            if (run.Converged && WithinBounds(run.X))
            {
                best = run;
                if (run.GradientNorm > 100.0 * optimizerOptions.GradientTolerance)
                {
                    // Stopped on a stall well before the gradient tolerance: a fresh run without stale curvature pairs often
                    // finishes the job. Closer than that, the remaining gap is rounding noise in the sum and another run only
                    // burns evaluations.
                    var polish = Lbfgs.Minimize(Objective, run.X, optimizerOptions);
                    evaluations += polish.Evaluations;
                    if (polish.Value <= run.Value && WithinBounds(polish.X))
                    {
                        best = polish with { Iterations = run.Iterations + polish.Iterations };
                    }
                }
            }
            else
            {
                failures.Add(Describe(names, run));
            }
        }

        if (best is null)
        {
            throw new LifetimeFitException(
                $"The {model} fit did not converge from {tried} start point(s) ({string.Join("; ", failures)}). "
                + "The data may not identify the model (for example no repeat purchases); try more data, another model or --penalty.");
        }

        var estimate = new double[k];
        for (var i = 0; i < k; i++)
        {
            estimate[i] = Math.Exp(best.X[i]);
        }

        var finalLl = logLikelihood(estimate, gradTheta);
        if (!double.IsFinite(finalLl))
        {
            throw new LifetimeFitException($"The {model} log-likelihood is not finite at the estimates.");
        }

        var standardErrors = StandardErrors(logLikelihood, estimate, gradTheta, penalty, forward: rows >= options.ParallelRows);
        var fit = new ModelFit(model, names, estimate, standardErrors, finalLl, best.Iterations, evaluations, true, totalWeight, rows);
        return (estimate, fit);
    }

    private static bool WithinBounds(double[] phi)
    {
        foreach (var value in phi)
        {
            if (!double.IsFinite(value) || Math.Abs(value) > DivergedLogParameter)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(string[] names, LbfgsResult run)
    {
        var parts = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parts[i] = FormattableString.Invariant($"{names[i]} = {Math.Exp(run.X[i]):G4}");
        }

        var reason = run.Converged ? "a parameter ran off to 0 or infinity" : run.Message;
        return $"{reason} at {string.Join(", ", parts)}";
    }

    // Observed information by differences of the analytic gradient, then its inverse's diagonal. Central differences
    // for ordinary sizes; on very large inputs forward differences from the gradient at the optimum halve the cost.
    private static double[] StandardErrors(LogLikelihood logLikelihood, double[] estimate, double[] gradientAtEstimate, double penalty, bool forward)
    {
        var k = estimate.Length;
        var hessian = new double[k, k];
        var plus = new double[k];
        var minus = new double[k];
        var point = new double[k];
        if (forward)
        {
            Array.Copy(gradientAtEstimate, minus, k);
        }

        for (var j = 0; j < k; j++)
        {
            var h = (forward ? 1e-6 : 1e-5) * estimate[j];
            Array.Copy(estimate, point, k);
            point[j] = estimate[j] + h;
            logLikelihood(point, plus);
            if (!forward)
            {
                point[j] = estimate[j] - h;
                logLikelihood(point, minus);
            }

            for (var i = 0; i < k; i++)
            {
                hessian[i, j] = -(plus[i] - minus[i]) / ((forward ? 1.0 : 2.0) * h);
            }

            hessian[j, j] += 2.0 * penalty;
        }

        var result = new double[k];
        var inverse = SymmetricInverse.Invert(hessian);
        for (var i = 0; i < k; i++)
        {
            result[i] = inverse is not null && inverse[i, i] > 0.0 ? Math.Sqrt(inverse[i, i]) : double.NaN;
        }

        return result;
    }
}
