using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Half squared error with the identity link.</summary>
internal sealed class SquaredErrorLoss : IBoostingLoss
{
    public string Name => "squared_error";

    public TaskKind Task => TaskKind.Regression;

    public void ValidateLabels(ReadOnlySpan<double> y) => LossMath.RequireFinite(y, nonNegative: false);

    public double BaseScore(ReadOnlySpan<double> y, ReadOnlySpan<double> weight) => LossMath.WeightedMean(y, weight);

    public (double Sum, double Weight) Gradients(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw, Span<GradientPair> target)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var d = raw[i] - y[i];
            target[i] = new GradientPair((float)(d * w), (float)w);
            sum += 0.5 * w * d * d;
            total += w;
        }

        return (sum, total);
    }

    public (double Sum, double Weight) LossSum(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw) =>
        LossMath.Sum(default(RowLoss), y, weight, raw);

    public double Transform(double raw) => raw;

    private readonly struct RowLoss : IRowLoss
    {
        public double WeightedLoss(double w, double y, double raw)
        {
            var d = raw - y;
            return 0.5 * w * d * d;
        }
    }
}
