using Patron.Learning.Experiments;

namespace Patron.Learning.Tests.Experiments;

/// <summary>
/// The statistics on simulated experiments with a known truth: interval coverage, the false-positive rate of A/A
/// splits, CUPED's shrinkage and the always-valid p-value under repeated looks.
/// </summary>
public sealed class ExperimentSimulationTests
{
    // Revenue-like outcome: a customer buys with probability 0.3, and then spends an exponential amount of mean
    // `spend`, plus `baseline` times a pre-period covariate shared with the outcome (so CUPED has something to use).
    private static (double[] Outcome, double[] Covariate) Arm(Random random, int n, double spend, double covariateWeight)
    {
        var outcome = new double[n];
        var covariate = new double[n];
        for (var i = 0; i < n; i++)
        {
            var habit = -Math.Log(1 - random.NextDouble()) * 40;
            covariate[i] = habit + Noise(random) * 10;
            outcome[i] = covariateWeight * habit + (random.NextDouble() < 0.3 ? -Math.Log(1 - random.NextDouble()) * spend : 0);
        }

        return (outcome, covariate);
    }

    private static double Noise(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Welch_200SimulatedExperiments_IntervalCoversTrueLiftIn93To97Percent()
    {
        // True lift: 0.3 × (60 − 50) = 3 per customer.
        var covered = 0;
        for (var seed = 1; seed <= 200; seed++)
        {
            var random = new Random(seed);
            var control = Arm(random, 1500, 50, 1).Outcome;
            var treatment = Arm(random, 1500, 60, 1).Outcome;

            var result = MeanTests.Welch(ArmSummary.Of(control), ArmSummary.Of(treatment));

            covered += result.CiLow <= 3 && 3 <= result.CiHigh ? 1 : 0;
        }

        Assert.InRange(covered, 186, 194);
    }

    [Fact]
    public void Welch_1000AASplits_RejectsAtFivePercentWithinTwoPoints()
    {
        var rejected = 0;
        for (var seed = 1; seed <= 1000; seed++)
        {
            var random = new Random(seed);
            var control = Arm(random, 400, 50, 1).Outcome;
            var treatment = Arm(random, 400, 50, 1).Outcome;

            rejected += MeanTests.Welch(ArmSummary.Of(control), ArmSummary.Of(treatment)).PValue < 0.05 ? 1 : 0;
        }

        Assert.InRange(rejected, 30, 70);
    }

    [Fact]
    public void TwoProportions_1000AASplits_RejectsAtFivePercentWithinTwoPoints()
    {
        var rejected = 0;
        for (var seed = 1; seed <= 1000; seed++)
        {
            var random = new Random(seed);
            long a = 0, b = 0;
            for (var i = 0; i < 800; i++)
            {
                a += random.NextDouble() < 0.12 ? 1 : 0;
                b += random.NextDouble() < 0.12 ? 1 : 0;
            }

            rejected += MeanTests.TwoProportions(a, 800, b, 800).PValue < 0.05 ? 1 : 0;
        }

        Assert.InRange(rejected, 30, 70);
    }

    [Fact]
    public void Cuped_CorrelatedCovariate_ShrinksIntervalBySquareRootOfOneMinusRhoSquared()
    {
        double widthRatio = 0, expectedRatio = 0;
        var coveredAdjusted = 0;
        const int Trials = 100;
        for (var seed = 1; seed <= Trials; seed++)
        {
            var random = new Random(seed);
            var (yc, xc) = Arm(random, 1500, 50, 1);
            var (yt, xt) = Arm(random, 1500, 60, 1);
            double[] y = [.. yc, .. yt], x = [.. xc, .. xt];

            var (adjusted, _, reduction) = Cuped.Adjust(y, x);
            var raw = MeanTests.Welch(ArmSummary.Of(yc), ArmSummary.Of(yt));
            var cuped = MeanTests.Welch(ArmSummary.Of(adjusted.AsSpan(0, 1500)), ArmSummary.Of(adjusted.AsSpan(1500)));

            widthRatio += (cuped.CiHigh - cuped.CiLow) / (raw.CiHigh - raw.CiLow) / Trials;
            expectedRatio += Math.Sqrt(1 - reduction) / Trials;
            coveredAdjusted += cuped.CiLow <= 3 && 3 <= cuped.CiHigh ? 1 : 0;
        }

        // The covariate carries most of the outcome's variance, so the interval must narrow markedly, by the factor
        // the correlation predicts, and still cover the true lift.
        Assert.InRange(widthRatio, 0.2, 0.8);
        Assert.InRange(widthRatio / expectedRatio, 0.97, 1.03);
        Assert.InRange(coveredAdjusted, 90, 99);
    }

    [Fact]
    public void AlwaysValid_AASplitsWithTenLooks_KeepsFalsePositivesAtFivePercentWhileNaivePeekingDoesNot()
    {
        int alwaysValid = 0, naive = 0;
        const int Trials = 600;
        for (var seed = 1; seed <= Trials; seed++)
        {
            var random = new Random(seed);
            var control = Arm(random, 2000, 50, 1).Outcome;
            var treatment = Arm(random, 2000, 50, 1).Outcome;
            var looks = new List<(ArmSummary, ArmSummary)>();
            var naiveMin = 1.0;
            for (var look = 1; look <= 10; look++)
            {
                var n = 200 * look;
                var pair = (ArmSummary.Of(control.AsSpan(0, n)), ArmSummary.Of(treatment.AsSpan(0, n)));
                looks.Add(pair);
                naiveMin = Math.Min(naiveMin, MeanTests.Welch(pair.Item1, pair.Item2).PValue);
            }

            // Mixing scale: a 5 % lift on a mean of about 50.
            alwaysValid += AlwaysValidPValue.OverLooks(looks, 2.5 * 2.5) < 0.05 ? 1 : 0;
            naive += naiveMin < 0.05 ? 1 : 0;
        }

        Assert.True(alwaysValid <= 0.06 * Trials, $"always-valid rejected {alwaysValid} of {Trials}");
        Assert.True(naive >= 0.1 * Trials, $"naive peeking rejected only {naive} of {Trials}");
    }

    [Fact]
    public void AlwaysValid_RealLift_IsDetectedAtTheEnd()
    {
        var random = new Random(7);
        var control = Arm(random, 5000, 50, 0).Outcome;
        var treatment = Arm(random, 5000, 65, 0).Outcome;

        var p = AlwaysValidPValue.AtLook(ArmSummary.Of(control), ArmSummary.Of(treatment), 2.5 * 2.5);

        Assert.True(p < 0.01, $"p = {p}");
    }
}
