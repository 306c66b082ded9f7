using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Linear;
using Patron.Learning.Tests.Linear;

namespace Patron.Learning.Tests.Evaluation;

public sealed class CrossValidationTests
{
    [Fact]
    public void Assign_BinaryLabels_StratifiedAndSeeded()
    {
        var y = new double[103];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = i % 10 == 0 ? 1 : 0; // 11 positives
        }

        var folds = FoldAssignment.Assign(y, 5, seed: 42);
        Assert.Equal(folds, FoldAssignment.Assign(y, 5, seed: 42));
        Assert.NotEqual(folds, FoldAssignment.Assign(y, 5, seed: 43));
        for (var f = 0; f < 5; f++)
        {
            var positives = Enumerable.Range(0, y.Length).Count(i => folds[i] == f && y[i] == 1);
            var size = folds.Count(v => v == f);
            Assert.InRange(positives, 2, 3);
            Assert.InRange(size, 20, 21);
        }
    }

    [Fact]
    public void Run_LogisticRegression_ReasonableAucAndDeterministic()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var learner = new LogisticRegressionLearner();
        var a = CrossValidation.Run(learner, x, y, [], new CrossValidationOptions { Folds = 4, Seed = 1 });
        var b = CrossValidation.Run(learner, x, y, [], new CrossValidationOptions { Folds = 4, Seed = 1 });

        Assert.Equal(TaskKind.Binary, a.Task);
        Assert.Equal(4, a.Folds.Count);
        Assert.InRange(a.Mean.RocAuc!.Value, 0.7, 1.0);
        Assert.Equal(a.OutOfFold, b.OutOfFold);
        Assert.Equal(x.RowCount, a.Pooled.Rows);
    }

    [Fact]
    public void Run_WithSmote_ResamplesTrainingFoldsOnly()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var counting = new CountingResampler();
        var result = CrossValidation.Run(new LogisticRegressionLearner(), x, y, [], new CrossValidationOptions { Folds = 3, Resampler = counting });

        // Every scored row is an original row: the pooled metrics cover exactly the input rows.
        Assert.Equal(x.RowCount, result.Pooled.Rows);
        Assert.Equal(3, counting.Calls);
        Assert.All(counting.RowsSeen, rows => Assert.True(rows < x.RowCount));
    }

    [Fact]
    public void Smote_Imbalanced_BalancesWithinSeedAndKeepsOriginals()
    {
        var n = 200;
        var a = new double[n];
        var c = new string?[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = i < 20 ? 1 : 0;
            a[i] = y[i] == 1 ? 10 + (i % 5) : i % 7;
            c[i] = i % 2 == 0 ? "x" : "y";
        }

        var x = new FeatureMatrixBuilder(n).AddNumeric("a", a).AddCategorical("c", c).Build();
        var smote = new Smote(neighbours: 3);
        var first = smote.Resample(x, y, [], seed: 9);
        var second = smote.Resample(x, y, [], seed: 9);

        Assert.Equal(360, first.X.RowCount);
        Assert.Equal(180, first.Y.Count(v => v == 1));
        Assert.Equal(first.X.Column(0).ToArray(), second.X.Column(0).ToArray());
        for (var i = n; i < first.X.RowCount; i++)
        {
            Assert.InRange(first.X[i, 0], 10f, 14f); // between minority rows only
        }

        Assert.Equal(x.Column(0).ToArray(), first.X.Column(0)[..n].ToArray());
    }

    [Fact]
    public void OutOfTime_LaterPeriod_ReturnsMetricsOnLaterRows()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var early = Enumerable.Range(0, 300).ToArray();
        var late = Enumerable.Range(300, 100).ToArray();
        var (_, metrics, predictions) = OutOfTimeEvaluation.Run(
            new LogisticRegressionLearner(), x.SelectRows(early), early.Select(i => y[i]).ToArray(), [],
            x.SelectRows(late), late.Select(i => y[i]).ToArray());
        Assert.Equal(100, metrics.Rows);
        Assert.Equal(100, predictions.Length);
        Assert.InRange(metrics.RocAuc!.Value, 0.6, 1.0);
    }

    [Fact]
    public void AtThreshold_SameThreshold_SameMetricsAndOtherThresholdChangesRecall()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var result = CrossValidation.Run(new LogisticRegressionLearner(), x, y, [], new CrossValidationOptions { Folds = 4, Seed = 3 });

        var same = result.AtThreshold(0.5, y, []);
        Assert.Equal(result.Mean, same.Mean);
        var lower = result.AtThreshold(0.2, y, []);
        Assert.True(lower.Mean.Recall > result.Mean.Recall);
        Assert.Equal(result.Mean.RocAuc, lower.Mean.RocAuc);
    }

    [Fact]
    public void BalancedClassWeights_Imbalanced_EqualTotalPerClass()
    {
        var x = new FeatureMatrixBuilder(5).AddNumeric("a", [1.0, 2, 3, 4, 5]).Build();
        double[] y = [1, 0, 0, 0, 0];
        var result = new BalancedClassWeights().Resample(x, y, [], seed: 0);
        Assert.Equal(2.5, result.Weight[0], 12);
        Assert.Equal(4 * 0.625, result.Weight[1..].Sum(), 12);
        Assert.Same(x, result.X);
    }

    private sealed class CountingResampler : IResampler
    {
        public int Calls { get; private set; }

        public List<int> RowsSeen { get; } = [];

        public ResampledData Resample(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, long seed)
        {
            Calls++;
            RowsSeen.Add(x.RowCount);
            return new Smote().Resample(x, y, sampleWeight, seed);
        }
    }
}
