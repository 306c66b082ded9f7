using Patron.Learning.Data;
using Patron.Learning.Uplift;

namespace Patron.Learning.Tests.Uplift;

/// <summary>T- and X-learners on a simulated randomized experiment whose true effect depends on the features.</summary>
public sealed class UpliftLearnersTests
{
    // x0 ~ U(0, 1) drives the effect: τ(x) = 20 · (x0 − 0.3) (negative below 0.3); x1 and x2 drive the base outcome only.
    private static (FeatureMatrix X, double[] Y, bool[] Treated, double[] Tau) Experiment(int n, int seed)
    {
        var random = new Random(seed);
        var x0 = new double[n];
        var x1 = new double[n];
        var x2 = new double[n];
        var y = new double[n];
        var treated = new bool[n];
        var tau = new double[n];
        for (var i = 0; i < n; i++)
        {
            x0[i] = random.NextDouble();
            x1[i] = random.NextDouble();
            x2[i] = random.NextDouble();
            treated[i] = random.NextDouble() < 0.5;
            tau[i] = 20 * (x0[i] - 0.3);
            y[i] = 30 * x1[i] + 10 * x2[i] + (treated[i] ? tau[i] : 0) + 8 * NextGaussian(random);
        }

        var x = new FeatureMatrixBuilder(n).AddNumeric("x0", x0).AddNumeric("x1", x1).AddNumeric("x2", x2).Build();
        return (x, y, treated, tau);
    }

    [Theory]
    [InlineData(UpliftLearnerKind.TLearner)]
    [InlineData(UpliftLearnerKind.XLearner)]
    public void CrossFit_HeterogeneousEffect_RankingBeatsRandomAndTracksTheTruth(UpliftLearnerKind kind)
    {
        var (x, y, treated, tau) = Experiment(3000, 11);
        var folds = UpliftCrossFit.Folds(treated, 5, 7);
        var fit = UpliftCrossFit.Run(kind, x, y, treated, folds, null, 7);
        var metrics = UpliftMetrics.Of(y, treated, fit.Uplift);

        Assert.True(metrics.QiniGain > 0.5, $"Qini {metrics.Qini:F3} vs random {metrics.QiniRandom:F3}");
        Assert.True(metrics.Auuc > metrics.AuucRandom);
        Assert.True(Pearson(fit.Uplift, tau) > 0.6, $"correlation with the true effect {Pearson(fit.Uplift, tau):F3}");
        // The top tenth holds customers whose true effect is near its maximum of 14.
        Assert.True(metrics.UpliftAtK[0].Uplift > 5, $"uplift@10% {metrics.UpliftAtK[0].Uplift:F2}");
    }

    [Fact]
    public void CrossFit_SameSeed_SameEstimates()
    {
        var (x, y, treated, _) = Experiment(600, 3);
        var folds = UpliftCrossFit.Folds(treated, 3, 5);
        var a = UpliftCrossFit.Run(UpliftLearnerKind.XLearner, x, y, treated, folds, null, 5);
        var b = UpliftCrossFit.Run(UpliftLearnerKind.XLearner, x, y, treated, UpliftCrossFit.Folds(treated, 3, 5), null, 5);

        Assert.Equal(a.Uplift, b.Uplift);
        Assert.Equal(a.Fold, b.Fold);
    }

    [Fact]
    public void Contributions_XLearner_SumToTheEstimate()
    {
        var (x, y, treated, _) = Experiment(500, 4);
        var model = UpliftLearners.Fit(UpliftLearnerKind.XLearner, x, y, treated, null, 1);
        var estimate = new double[x.RowCount];
        model.Predict(x, estimate);
        var phi = new double[4 * 3];
        model.Contributions(x, 10, 3, phi);
        for (var r = 0; r < 3; r++)
        {
            var sum = phi[(r * 4)..((r + 1) * 4)].Sum();
            Assert.Equal(estimate[10 + r], sum, 6);
        }
    }

    [Fact]
    public void Fit_OneArmOnly_Throws()
    {
        var (x, y, _, _) = Experiment(50, 1);
        Assert.Throws<ArgumentException>(() => UpliftLearners.Fit(UpliftLearnerKind.TLearner, x, y, new bool[50], null, 1));
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
