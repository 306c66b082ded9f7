using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Tweedie negative log-likelihood (compound Poisson-gamma, variance power rho in (1, 2)) with a log link:
/// loss <c>-y exp((1-rho) r)/(1-rho) + exp((2-rho) r)/(2-rho)</c>, the form XGBoost's <c>reg:tweedie</c> uses.</summary>
internal sealed class TweedieLoss : IBoostingLoss
{
    private readonly double _rho;

    public TweedieLoss(double variancePower)
    {
        _rho = variancePower;
    }

    public string Name => "tweedie";

    public TaskKind Task => TaskKind.Regression;

    public void ValidateLabels(ReadOnlySpan<double> y) => LossMath.RequirePositiveMean(y, "Tweedie");

    public double BaseScore(ReadOnlySpan<double> y, ReadOnlySpan<double> weight) =>
        Math.Log(Math.Max(LossMath.WeightedMean(y, weight), 1e-12));

    public (double Sum, double Weight) Gradients(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw, Span<GradientPair> target)
    {
        var a = 1 - _rho;
        var b = 2 - _rho;
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var ea = Math.Exp(a * raw[i]);
            var eb = Math.Exp(b * raw[i]);
            var g = (-y[i] * ea) + eb;
            var h = (-y[i] * a * ea) + (b * eb);
            target[i] = new GradientPair((float)(g * w), (float)(h * w));
            sum += w * ((-y[i] * ea / a) + (eb / b));
            total += w;
        }

        return (sum, total);
    }

    public (double Sum, double Weight) LossSum(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw) =>
        LossMath.Sum(new RowLoss(1 - _rho, 2 - _rho), y, weight, raw);

    public double Transform(double raw) => Math.Exp(raw);

    private readonly struct RowLoss(double a, double b) : IRowLoss
    {
        public double WeightedLoss(double w, double y, double raw) => w * ((-y * Math.Exp(a * raw) / a) + (Math.Exp(b * raw) / b));
    }
}
