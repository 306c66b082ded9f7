using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Poisson negative log-likelihood with a log link: loss <c>exp(r) - y r</c> (the label-only term dropped).</summary>
internal sealed class PoissonLoss : IBoostingLoss
{
    public string Name => "poisson";

    public TaskKind Task => TaskKind.Regression;

    public void ValidateLabels(ReadOnlySpan<double> y) => LossMath.RequirePositiveMean(y, "Poisson");

    public double BaseScore(ReadOnlySpan<double> y, ReadOnlySpan<double> weight) =>
        Math.Log(Math.Max(LossMath.WeightedMean(y, weight), 1e-12));

    public (double Sum, double Weight) Gradients(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw, Span<GradientPair> target)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var mu = Math.Exp(raw[i]);
            target[i] = new GradientPair((float)((mu - y[i]) * w), (float)(mu * w));
            sum += w * (mu - (y[i] * raw[i]));
            total += w;
        }

        return (sum, total);
    }

    public (double Sum, double Weight) LossSum(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw) =>
        LossMath.Sum(default(RowLoss), y, weight, raw);

    public double Transform(double raw) => Math.Exp(raw);

    private readonly struct RowLoss : IRowLoss
    {
        public double WeightedLoss(double w, double y, double raw) => w * (Math.Exp(raw) - (y * raw));
    }
}
