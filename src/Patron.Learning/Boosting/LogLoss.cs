using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Binary cross-entropy with the logistic link.</summary>
internal sealed class LogLoss : IBoostingLoss
{
    // Keeps the hessian positive where the sigmoid saturates, as XGBoost does.
    private const double MinHessian = 1e-16;

    public string Name => "logloss";

    public TaskKind Task => TaskKind.Binary;

    public void ValidateLabels(ReadOnlySpan<double> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            if (y[i] is not (0.0 or 1.0))
            {
                throw new ArgumentException($"Label at row {i} is {y[i]}; log-loss needs labels 0 or 1.", nameof(y));
            }
        }
    }

    public double BaseScore(ReadOnlySpan<double> y, ReadOnlySpan<double> weight)
    {
        var mean = LossMath.WeightedMean(y, weight);
        mean = Math.Clamp(mean, 1e-6, 1 - 1e-6);
        return Math.Log(mean / (1 - mean));
    }

    public (double Sum, double Weight) Gradients(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw, Span<GradientPair> target)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            // One exponential serves the probability and the loss: e = exp(-|r|).
            var r = raw[i];
            var e = Math.Exp(-Math.Abs(r));
            var p = Numerator(r, e) / (1 + e);
            var w = weight.IsEmpty ? 1.0 : weight[i];
            target[i] = new GradientPair((float)((p - y[i]) * w), (float)(Math.Max(p * (1 - p), MinHessian) * w));
            sum += w * (Math.Max(r, 0) + Math.Log(1 + e) - (y[i] * r));
            total += w;
        }

        return (sum, total);
    }

    /// <summary>The sigmoid's numerator over <c>1 + e</c>, with <c>e = exp(-|r|)</c>: 1 for r &gt;= 0, else e; picked by a
    /// lane mask rather than a branch, since the sign of a row's raw score is as unpredictable as its label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Numerator(double r, double e) =>
        Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(Vector128.CreateScalarUnsafe(r), Vector128<double>.Zero),
            Vector128.Create(1.0),
            Vector128.CreateScalarUnsafe(e)).ToScalar();

    public (double Sum, double Weight) LossSum(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw) =>
        LossMath.Sum(default(RowLoss), y, weight, raw);

    public double Transform(double raw) => Sigmoid(raw);

    private static double Sigmoid(double r) => 1.0 / (1.0 + Math.Exp(-r));

    /// <summary>log(1 + e^r) - y r, written to stay finite for large |r|.</summary>
    /// <remarks>raw + log(1 + e^-raw) above 0, log(1 + e^raw) at or below it, with no branch on the sign: below 0 the
    /// first term is +0 and adding +0 to the logarithm (never -0, its argument is at least 1) changes no bit.</remarks>
    internal readonly struct RowLoss : IRowLoss
    {
        public double WeightedLoss(double w, double y, double raw)
        {
            var softplus = Math.Max(raw, 0) + Math.Log(1 + Math.Exp(-Math.Abs(raw)));
            return w * (softplus - (y * raw));
        }
    }
}
