using Patron.Learning.Data;
using Patron.Learning.Optimization;

namespace Patron.Learning.Linear;

/// <summary>Trains a <see cref="LogisticRegressionModel"/>: median imputation with missing indicators, one-hot categorical
/// levels, optional standardization, sample and class weights, and L-BFGS (L2) or OWL-QN (elastic net).</summary>
/// <remarks>Deterministic: the same data, weights and options give a model with the same bytes.</remarks>
public sealed class LogisticRegressionLearner : ILearner<LogisticRegressionModel>
{
    /// <summary>Creates a learner after validating <paramref name="options"/>.</summary>
    public LogisticRegressionLearner(LogisticRegressionOptions? options = null)
    {
        Options = options ?? new LogisticRegressionOptions();
        Options.Validate();
    }

    /// <summary>The validated options.</summary>
    public LogisticRegressionOptions Options { get; }

    /// <summary>The optimizer's report from the last <see cref="Fit"/> on this instance.</summary>
    public OptimizationResult LastResult { get; private set; }

    /// <inheritdoc/>
    public LogisticRegressionModel Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.RowCount;
        var weights = TrainingWeights.Combine(y, sampleWeight, n, Options.BalancedClassWeights, Options.PositiveClassWeight, Options.NegativeClassWeight);
        var labels = y.ToArray();

        var plan = LinearDesign.Plan(x);
        var columns = LinearDesign.Materialize(x, plan);
        var p = columns.Length;
        var mean = new double[p];
        var scale = new double[p];
        var center = new double[p];
        var rowWeight = sampleWeight.IsEmpty ? null : sampleWeight.ToArray();
        Parallel.For(0, p, j => (mean[j], scale[j]) = MeanAndStd(columns[j], rowWeight));
        for (var j = 0; j < p; j++)
        {
            if (Options.Standardize)
            {
                center[j] = mean[j];
                scale[j] = scale[j] > 1e-12 ? scale[j] : 1.0;
            }
            else
            {
                scale[j] = 1.0;
            }
        }

        var l1Ratio = Options.L1Ratio;
        var objective = new LogisticObjective(columns, center, scale, labels, weights, Options.C, 1 - l1Ratio, Options.FitIntercept);
        var theta = new double[objective.Dimension];
        var l1 = new double[l1Ratio > 0 ? theta.Length : 0];
        for (var j = 0; j < l1.Length; j++)
        {
            l1[j] = j < p ? l1Ratio : 0;
        }

        // scipy's L-BFGS-B stopping rules: the gradient bound (scaled by C as the loss is) or ftol on the relative decrease;
        // a point no line search can improve is as good as this precision allows, so it counts as converged.
        var run = Lbfgs.Minimize(objective.Evaluate, theta, new LbfgsOptions(
            Memory: Options.Memory,
            MaxIterations: Options.MaxIterations,
            GradientTolerance: Options.Tolerance * Options.C,
            RelativeTolerance: Math.Max(Options.FunctionTolerance, 1e-16),
            StallGradientTolerance: double.PositiveInfinity), l1);
        run.X.CopyTo(theta, 0);
        LastResult = new OptimizationResult(run.Iterations, run.Value, run.Converged);

        var intercept = Options.FitIntercept ? theta[p] : 0.0;
        var terms = new LinearTerm[p];
        for (var j = 0; j < p; j++)
        {
            var coefficient = theta[j] / scale[j];
            intercept -= coefficient * center[j];
            terms[j] = plan[j] with { Mean = mean[j], Coefficient = coefficient };
        }

        return new LogisticRegressionModel(x.Schema, terms, intercept);
    }

    private static (double Mean, double Std) MeanAndStd(float[] column, double[]? weight)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < column.Length; i++)
        {
            var w = weight is null ? 1.0 : weight[i];
            sum += w * column[i];
            total += w;
        }

        if (total <= 0)
        {
            return (0, 0);
        }

        var mean = sum / total;
        var ss = 0.0;
        for (var i = 0; i < column.Length; i++)
        {
            var w = weight is null ? 1.0 : weight[i];
            var d = column[i] - mean;
            ss += w * d * d;
        }

        return (mean, Math.Sqrt(ss / total));
    }
}
