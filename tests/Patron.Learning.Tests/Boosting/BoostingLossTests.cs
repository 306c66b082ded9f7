using Patron.Learning.Boosting;
using Patron.Learning.Tests.Trees;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Boosting;

public sealed class BoostingLossTests
{
    [Theory]
    [InlineData(BoostingLoss.Poisson)]
    [InlineData(BoostingLoss.Tweedie)]
    public void Fit_LogLinkWithoutL2_TotalPredictionMatchesTotalLabel(BoostingLoss loss)
    {
        // With lambda 0 every Poisson leaf solves sum(mu) = sum(y) for its rows after enough rounds; Tweedie's
        // first-order condition weighs rows by mu^(1-rho), so it matches only approximately.
        var random = new Random(17);
        var a = new float[4000];
        var y = new double[4000];
        double total = 0;
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)random.NextDouble();
            y[i] = random.NextDouble() < 0.5 ? 0 : Math.Round(10 * a[i] * random.NextDouble());
            total += y[i];
        }

        var x = TreeTestData.Numeric(a);
        var model = new GradientBoostingLearner(new() { Loss = loss, Rounds = 200, LearningRate = 0.3, MaxDepth = 3, Lambda = 0, MinChildWeight = 0.5 }).Fit(x, y, []);
        var p = new double[a.Length];
        model.Predict(x, p);
        var predicted = p.Sum();
        Assert.InRange(predicted / total, loss == BoostingLoss.Poisson ? 0.995 : 0.95, loss == BoostingLoss.Poisson ? 1.005 : 1.05);
        Assert.All(p, v => Assert.True(v > 0));
    }

    [Fact]
    public void Gradients_EachLoss_MatchNumericalDerivativeOfLoss()
    {
        double[] y = [0, 1, 3.5, 0, 12];
        double[] raw = [-1.2, 0.3, 1.1, 2.0, 0.7];
        var losses = new IBoostingLoss[] { new SquaredErrorLoss(), new PoissonLoss(), new TweedieLoss(1.3), new TweedieLoss(1.8) };
        foreach (var loss in losses)
        {
            CheckDerivatives(loss, y, raw);
        }

        CheckDerivatives(new LogLoss(), [0, 1, 1, 0, 1], raw);
    }

    [Fact]
    public void Fit_NegativeCount_ThrowsForPoisson()
    {
        var x = TreeTestData.Numeric([1f, 2f]);
        var e = Assert.Throws<ArgumentException>(() => new GradientBoostingLearner(new() { Loss = BoostingLoss.Poisson }).Fit(x, [1, -1], []));
        Assert.Contains("row 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_AllZeroLabels_ThrowsForTweedie()
    {
        var x = TreeTestData.Numeric([1f, 2f]);
        Assert.Throws<ArgumentException>(() => new GradientBoostingLearner(new() { Loss = BoostingLoss.Tweedie }).Fit(x, [0, 0], []));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Constructor_TweediePowerOutsideOpenInterval_Throws(double power) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingLearner(new() { Loss = BoostingLoss.Tweedie, TweedieVariancePower = power }));

    private static void CheckDerivatives(IBoostingLoss loss, double[] y, double[] raw)
    {
        const double Step = 1e-5;
        var pairs = new GradientPair[y.Length];
        var fused = loss.Gradients(y, [], raw, pairs);
        var direct = loss.LossSum(y, [], raw);
        Assert.Equal(direct.Sum, fused.Sum, 1e-12 * Math.Max(1, Math.Abs(direct.Sum)));
        Assert.Equal(direct.Weight, fused.Weight);
        for (var i = 0; i < y.Length; i++)
        {
            double Value(double r) => loss.LossSum(y.AsSpan(i, 1), [], [r]).Sum;
            var numericGradient = (Value(raw[i] + Step) - Value(raw[i] - Step)) / (2 * Step);
            var numericHessian = (Value(raw[i] + Step) - (2 * Value(raw[i])) + Value(raw[i] - Step)) / (Step * Step);
            Assert.Equal(numericGradient, pairs[i].Gradient, 1e-4 * Math.Max(1, Math.Abs(numericGradient)));
            Assert.Equal(numericHessian, pairs[i].Hessian, 2e-3 * Math.Max(1, Math.Abs(numericHessian)));
        }
    }
}
