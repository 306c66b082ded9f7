using Patron.Learning.Forest;
using Patron.Learning.Serialization;
using Patron.Learning.Tests.Explain;
using Patron.Learning.Tests.Trees;

namespace Patron.Learning.Tests.Forest;

public sealed class RandomForestLearnerTests
{
    [Fact]
    public void Fit_ChurnData_BeatsChanceClearlyOnHeldOutRows()
    {
        var (x, y) = TreeTestData.Churn(4000, 1);
        var (test, testY) = TreeTestData.Churn(2000, 2);
        var model = new RandomForestLearner(new() { Trees = 40, MaxDepth = 8, Seed = 3 }).Fit(x, y, []);
        var p = new double[test.RowCount];
        model.Predict(test, p);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
        Assert.True(TreeTestData.Auc(p, testY) > 0.75, $"AUC {TreeTestData.Auc(p, testY)}");
    }

    [Fact]
    public void Fit_SingleTreeWithoutBootstrap_LeavesHoldMeanLabel()
    {
        var v = new float[] { 0, 1, 2, 3, 10, 11, 12, 13 };
        var y = new double[] { 1, 2, 3, 2, 20, 22, 21, 21 };
        var model = new RandomForestLearner(new() { Task = TaskKind.Regression, Trees = 1, MaxDepth = 1, Bootstrap = false, FeatureFraction = 1 })
            .Fit(TreeTestData.Numeric(v), y, []);
        var p = new double[2];
        model.Predict(TreeTestData.Numeric([1.5f, 11.5f]), p);
        Assert.Equal(2.0, p[0], 6);
        Assert.Equal(21.0, p[1], 6);
    }

    [Fact]
    public void Fit_SameSeed_SameBytesAcrossThreadCounts()
    {
        var (x, y) = TreeTestData.Churn(3000, 4);
        var options = new RandomForestOptions { Trees = 12, MaxDepth = 6, Seed = 9 };
        var one = ModelSerializer.ToBytes(new RandomForestLearner(options with { MaxDegreeOfParallelism = 1 }).Fit(x, y, []));
        var two = ModelSerializer.ToBytes(new RandomForestLearner(options with { MaxDegreeOfParallelism = 3 }).Fit(x, y, []));
        var other = ModelSerializer.ToBytes(new RandomForestLearner(options with { Seed = 10 }).Fit(x, y, []));
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public void SaveLoad_RoundTrip_ScoresIdentically()
    {
        var (x, y) = TreeTestData.Churn(2000, 6);
        var model = new RandomForestLearner(new() { Trees = 10, SampleFeaturesPerTree = true, FeatureFraction = 0.5 }).Fit(x, y, []);
        var loaded = Assert.IsType<RandomForestModel>(ModelSerializer.FromBytes(ModelSerializer.ToBytes(model)));
        var a = new double[x.RowCount];
        var b = new double[x.RowCount];
        model.Predict(x, a);
        loaded.Predict(x, b);
        Assert.Equal(a, b);
        Assert.Equal(model.Task, loaded.Task);
    }

    [Fact]
    public void Contributions_Forest_EqualBruteForceAndSumToPrediction()
    {
        var (x, y) = TreeTestData.Churn(1500, 8, numeric: 4);
        var model = new RandomForestLearner(new() { Trees = 5, MaxDepth = 5, Seed = 1 }).Fit(x, y, []);
        var columns = TreeShapTests.Columns(x);
        var p = new double[x.RowCount];
        model.Predict(x, p);
        var phi = new double[x.ColumnCount + 1];
        for (var row = 0; row < 20; row++)
        {
            model.Contributions(x, row, phi);
            var expected = TreeShapTests.BruteForce(model.Trees, columns, row);
            var sum = phi[^1];
            for (var j = 0; j < x.ColumnCount; j++)
            {
                Assert.Equal(expected[j] / model.Trees.Count, phi[j], 10);
                sum += phi[j];
            }

            Assert.Equal(p[row], sum, 10);
        }
    }

    [Fact]
    public void Constructor_NoTrees_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomForestLearner(new() { Trees = 0 }));
}
