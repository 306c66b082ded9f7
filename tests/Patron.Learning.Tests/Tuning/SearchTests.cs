using Patron.Learning.Data;
using Patron.Learning.Linear;
using Patron.Learning.Tuning;

namespace Patron.Learning.Tests.Tuning;

public sealed class SearchTests
{
    private static readonly LearnerFactory Factory = p => new LogisticRegressionLearner(new LogisticRegressionOptions
    {
        C = p.GetDouble("c"),
        L1Ratio = p.GetDouble("l1_ratio"),
    });

    [Fact]
    public void RandomSearch_Seeded_SameTrialsAndBestIsBest()
    {
        var (x, y) = Data();
        var space = Space();
        var options = new TuningOptions { Candidates = 6, Folds = 3, Seed = 4, Metric = "log_loss" };

        var a = RandomSearch.Run(Factory, space, x, y, [], options);
        var b = RandomSearch.Run(Factory, space, x, y, [], options);

        Assert.Equal(6, a.Trials.Count);
        Assert.Equal(a.Trials.Select(t => t.Score), b.Trials.Select(t => t.Score));
        Assert.Equal(a.Trials.Min(t => t.Score), a.Best.Score);
    }

    [Fact]
    public void SuccessiveHalving_NineCandidates_FewerEvaluationsOnFullData()
    {
        var (x, y) = Data();
        var options = new TuningOptions { Candidates = 9, Folds = 3, Seed = 2, ReductionFactor = 3, MinRows = 100 };
        var result = SuccessiveHalving.Run(Factory, Space(), x, y, [], options);

        var full = result.Trials.Where(t => t.Rows == x.RowCount).ToList();
        Assert.Single(full);
        Assert.Equal(9, result.Trials.Count(t => t.Rows == result.Trials.Min(u => u.Rows)));
        Assert.Equal(full[0].Candidate, result.Best.Candidate);
        Assert.Equal(9 + 3 + 1, result.Trials.Count);
    }

    [Fact]
    public void ParameterSpace_Sample_RespectsRangesAndChoices()
    {
        var space = new ParameterSpace()
            .Add(new IntegerParameter("depth", 2, 4))
            .Add(new LogUniformParameter("lr", 0.01, 0.3))
            .Add(new ChoiceParameter("growth", ["depth", "leaf"]));
        var random = new Random(1);
        for (var i = 0; i < 50; i++)
        {
            var p = space.Sample(random);
            Assert.InRange(p.GetInt("depth"), 2, 4);
            Assert.InRange(p.GetDouble("lr"), 0.01, 0.3);
            Assert.Contains(p.GetString("growth"), new[] { "depth", "leaf" });
        }

        Assert.Throws<ArgumentException>(() => space.Add(new IntegerParameter("depth", 1, 2)));
    }

    private static ParameterSpace Space() => new ParameterSpace()
        .Add(new LogUniformParameter("c", 0.001, 10))
        .Add(new UniformParameter("l1_ratio", 0, 1));

    private static (FeatureMatrix X, double[] Y) Data()
    {
        var n = 900;
        var rng = new Random(8);
        var a = new double[n];
        var b = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = rng.NextDouble() * 2 - 1;
            b[i] = rng.NextDouble() * 2 - 1;
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(2 * a[i]) + b[i])) ? 1 : 0;
        }

        return (new FeatureMatrixBuilder(n).AddNumeric("a", a).AddNumeric("b", b).Build(), y);
    }
}
