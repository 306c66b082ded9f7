using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Serialization;
using Patron.Learning.Tests.Trees;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Boosting;

public sealed class GradientBoostingLearnerTests
{
    [Fact]
    public void Fit_Xor_LearnsItExactly()
    {
        var a = new float[400];
        var b = new float[400];
        var y = new double[400];
        var random = new Random(3);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = random.Next(2);
            b[i] = random.Next(2);
            y[i] = a[i] != b[i] ? 1 : 0;
        }

        var x = TreeTestData.Numeric(a, b);
        var model = new GradientBoostingLearner(new() { Rounds = 30, MaxDepth = 2, LearningRate = 0.5, MinChildWeight = 0 }).Fit(x, y, []);
        var p = new double[y.Length];
        model.Predict(x, p);
        for (var i = 0; i < y.Length; i++)
        {
            Assert.Equal(y[i], p[i] > 0.5 ? 1 : 0);
        }
    }

    [Fact]
    public void Fit_StepFunction_RecoversBothLevels()
    {
        var v = new float[1000];
        var y = new double[1000];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = i / 100f;
            y[i] = v[i] < 3.7f ? 2.0 : 7.0;
        }

        var x = TreeTestData.Numeric(v);
        var model = new GradientBoostingLearner(new() { Loss = BoostingLoss.SquaredError, Rounds = 60, LearningRate = 0.3, MaxDepth = 1, Lambda = 0 }).Fit(x, y, []);
        var test = TreeTestData.Numeric([1.0f, 3.6f, 3.75f, 9.0f]);
        var p = new double[4];
        model.Predict(test, p);
        Assert.Equal(2.0, p[0], 3);
        Assert.Equal(2.0, p[1], 3);
        Assert.Equal(7.0, p[2], 3);
        Assert.Equal(7.0, p[3], 3);
    }

    [Theory]
    [InlineData(BoostingLoss.LogLoss)]
    [InlineData(BoostingLoss.SquaredError)]
    [InlineData(BoostingLoss.Poisson)]
    [InlineData(BoostingLoss.Tweedie)]
    public void Fit_EachLoss_TrainingLossDecreasesEveryRound(BoostingLoss loss)
    {
        var (x, y) = Regression(3000, 11, loss);
        var model = new GradientBoostingLearner(new() { Loss = loss, Rounds = 40, LearningRate = 0.1, MaxDepth = 4 }).Fit(x, y, []);
        Assert.Equal(40, model.TrainingLoss.Count);
        for (var r = 1; r < model.TrainingLoss.Count; r++)
        {
            Assert.True(model.TrainingLoss[r] < model.TrainingLoss[r - 1], $"round {r}: {model.TrainingLoss[r]} >= {model.TrainingLoss[r - 1]}");
        }

        // The recorded loss is the loss of the model's own predictions.
        var raw = new double[x.RowCount];
        model.PredictRaw(x, raw);
        var expected = new GradientBoostingOptions { Loss = loss }.CreateLoss().LossSum(y, [], raw);
        Assert.Equal(expected.Sum / expected.Weight, model.TrainingLoss[^1], 9);
    }

    [Fact]
    public void Fit_WithValidation_StopsEarlyAndKeepsBestRound()
    {
        var (x, y) = TreeTestData.Churn(2000, 5);
        var (vx, vy) = TreeTestData.Churn(2000, 6);
        var options = new GradientBoostingOptions { Rounds = 500, LearningRate = 0.5, MaxDepth = 6, MinChildWeight = 0, EarlyStoppingRounds = 10 };
        var model = new GradientBoostingLearner(options).Fit(x, y, [], vx, vy, []);
        var trained = model.ValidationLoss.Count;
        Assert.True(trained < 500, "training should stop before the last round");
        var bestRound = 0;
        for (var r = 1; r < trained; r++)
        {
            if (model.ValidationLoss[r] < model.ValidationLoss[bestRound])
            {
                bestRound = r;
            }
        }

        Assert.Equal(bestRound + 1, model.Trees.Count);
        Assert.Equal(trained, bestRound + 1 + 10);
    }

    [Fact]
    public void Fit_SameSeed_SameBytesAndOtherSeedDiffers()
    {
        var (x, y) = TreeTestData.Churn(3000, 9);
        var options = new GradientBoostingOptions { Rounds = 15, RowSample = 0.7, ColumnSample = 0.6, Seed = 42 };
        var first = ModelSerializer.ToBytes(new GradientBoostingLearner(options).Fit(x, y, []));
        var second = ModelSerializer.ToBytes(new GradientBoostingLearner(options).Fit(x, y, []));
        var other = ModelSerializer.ToBytes(new GradientBoostingLearner(options with { Seed = 43 }).Fit(x, y, []));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Fit_DifferentThreadCounts_SameBytes()
    {
        // Large enough that the root's histograms, gather and partition run in parallel (from 131,072 rows).
        var (x, y) = TreeTestData.Churn(150_000, 12, numeric: 8);
        var options = new GradientBoostingOptions { Rounds = 8, MaxDepth = 5 };
        var single = ModelSerializer.ToBytes(new GradientBoostingLearner(options with { MaxDegreeOfParallelism = 1 }).Fit(x, y, []));
        var multi = ModelSerializer.ToBytes(new GradientBoostingLearner(options with { MaxDegreeOfParallelism = 4 }).Fit(x, y, []));
        Assert.Equal(single, multi);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.8)]
    public void Fit_RowsReadInPlace_SameBytesAsOnACopyOfTheRows(double rowSample)
    {
        // Twelve values per column, every one of them among the chosen rows too: the bins of the whole matrix are then
        // those of the copy, so the in-place fit must grow exactly the copy's trees (row sampling draws alike).
        const int rows = 6_000;
        var random = new Random(31);
        var a = new float[rows];
        var b = new float[rows];
        var c = new float[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (i / 3) % 12;
            b[i] = random.Next(12);
            c[i] = random.Next(5) == 0 ? float.NaN : random.Next(12);
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(3 - (0.4 * a[i]) - (0.2 * b[i]))) ? 1 : 0;
        }

        var x = TreeTestData.Numeric(a, b, c);
        var chosen = new List<int>();
        var held = new List<int>();
        for (var i = 0; i < rows; i++)
        {
            (i % 3 == 1 ? held : chosen).Add(i);
        }

        var fitRows = chosen.ToArray();
        var validRows = held.ToArray();
        var fitY = Patron.Learning.Evaluation.RowSample.Pick(y, fitRows);
        var validY = Patron.Learning.Evaluation.RowSample.Pick(y, validRows);
        var learner = new GradientBoostingLearner(new() { Rounds = 25, MaxDepth = 3, RowSample = rowSample, ColumnSample = 0.7, EarlyStoppingRounds = 3, Seed = 8 });

        var copied = learner.Fit(x.SelectRows(fitRows), fitY, [], x.SelectRows(validRows), validY, []);
        var inPlace = learner.Fit(x, new SharedBins(), fitRows, fitY, [], validRows, validY);
        var plain = ((IRowLearner)learner).Fit(x, null, fitRows, fitY, []);

        Assert.Equal(ModelSerializer.ToBytes(copied), ModelSerializer.ToBytes(inPlace));
        Assert.Equal(copied.ValidationLoss, inPlace.ValidationLoss);
        Assert.Equal(ModelSerializer.ToBytes(learner.Fit(x.SelectRows(fitRows), fitY, [])), ModelSerializer.ToBytes(plain));
    }

    [Fact]
    public void Fit_RowsNotAscending_Throws()
    {
        var (x, y) = TreeTestData.Churn(200, 3);
        var learner = new GradientBoostingLearner(new() { Rounds = 2 });

        var error = Assert.Throws<ArgumentException>(() => learner.Fit(x, null, [5, 4], [y[5], y[4]], [], null, default));

        Assert.Contains("ascending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_RoundTrip_ScoresIdenticallyAndSameBytes()
    {
        var (x, y) = TreeTestData.Churn(2000, 21);
        var model = new GradientBoostingLearner(new() { Rounds = 20, Growth = GrowthPolicy.LeafWise, MaxDepth = 0, MaxLeaves = 12 }).Fit(x, y, []);
        var bytes = ModelSerializer.ToBytes(model);
        var loaded = Assert.IsType<GradientBoostingModel>(ModelSerializer.FromBytes(bytes));
        var a = new double[x.RowCount];
        var b = new double[x.RowCount];
        model.PredictRaw(x, a);
        loaded.PredictRaw(x, b);
        Assert.Equal(a, b);
        Assert.Equal(bytes, ModelSerializer.ToBytes(loaded));
    }

    [Fact]
    public void Fit_MissingValuesCarrySignal_LearnsDefaultDirection()
    {
        var v = new float[2000];
        var y = new double[2000];
        var random = new Random(4);
        for (var i = 0; i < v.Length; i++)
        {
            var missing = random.NextDouble() < 0.3;
            v[i] = missing ? float.NaN : (float)random.NextDouble();
            y[i] = missing || v[i] > 0.8 ? 1 : 0;
        }

        var model = new GradientBoostingLearner(new() { Rounds = 20, MaxDepth = 2, LearningRate = 0.5 }).Fit(TreeTestData.Numeric(v), y, []);
        var p = new double[3];
        model.Predict(TreeTestData.Numeric([float.NaN, 0.2f, 0.9f]), p);
        Assert.True(p[0] > 0.9, $"missing → {p[0]}");
        Assert.True(p[1] < 0.1, $"0.2 → {p[1]}");
        Assert.True(p[2] > 0.9, $"0.9 → {p[2]}");
    }

    [Fact]
    public void Fit_CategorySetDrivesLabel_OneSplitSeparatesIt()
    {
        var levels = new[] { "a", "b", "c", "d", "e", "f", "g", "h" };
        var schema = new FeatureSchema([new FeatureSpec("c", FeatureKind.Categorical, levels)]);
        var codes = new float[1600];
        var y = new double[1600];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = i % 8;
            y[i] = (i % 8) is 0 or 3 or 5 ? 1 : 0;
        }

        var x = FeatureMatrix.Create(schema, [codes]);
        var model = new GradientBoostingLearner(new() { Rounds = 1, MaxDepth = 1, LearningRate = 1, Lambda = 0 }).Fit(x, y, []);
        var p = new double[8];
        model.Predict(FeatureMatrix.Create(schema, [[0, 1, 2, 3, 4, 5, 6, 7]]), p);
        // One Newton step from the base rate 3/8 moves each side to the same value: the split must put exactly the
        // three positive categories on one side.
        for (var c = 0; c < 8; c++)
        {
            var expectedHigh = c is 0 or 3 or 5;
            Assert.Equal(expectedHigh ? p[0] : p[1], p[c]);
            Assert.True(expectedHigh ? p[c] > 0.85 : p[c] < 0.15, $"category {c}: {p[c]}");
        }
    }

    [Fact]
    public void Fit_LeafWise_RespectsMaxLeaves()
    {
        var (x, y) = TreeTestData.Churn(3000, 8);
        var model = new GradientBoostingLearner(new() { Rounds = 5, Growth = GrowthPolicy.LeafWise, MaxDepth = 0, MaxLeaves = 7, MinChildWeight = 0 }).Fit(x, y, []);
        Assert.All(model.Trees, t => Assert.Equal(7, t.LeafCount));
    }

    [Fact]
    public void Fit_DepthWise_RespectsMaxDepth()
    {
        var (x, y) = TreeTestData.Churn(3000, 8);
        var model = new GradientBoostingLearner(new() { Rounds = 5, MaxDepth = 3, MinChildWeight = 0 }).Fit(x, y, []);
        Assert.All(model.Trees, t => Assert.Equal(3, t.Depth));
    }

    [Fact]
    public void Fit_RowAndColumnSampling_StillGeneralizes()
    {
        var (x, y) = TreeTestData.Churn(6000, 14);
        var (test, testY) = TreeTestData.Churn(3000, 15);
        var model = new GradientBoostingLearner(new() { Rounds = 60, RowSample = 0.5, ColumnSample = 0.5, Seed = 5 }).Fit(x, y, []);
        var p = new double[test.RowCount];
        model.Predict(test, p);
        Assert.True(TreeTestData.Auc(p, testY) > 0.78, $"AUC {TreeTestData.Auc(p, testY)}");
    }

    [Fact]
    public void Fit_ValidationWithoutEarlyStopping_KeepsEveryRoundAndRecordsLoss()
    {
        var (x, y) = TreeTestData.Churn(1000, 16);
        var (vx, vy) = TreeTestData.Churn(500, 17);
        var model = new GradientBoostingLearner(new() { Rounds = 25, EarlyStoppingRounds = 0 }).Fit(x, y, [], vx, vy, []);
        Assert.Equal(25, model.Trees.Count);
        Assert.Equal(25, model.ValidationLoss.Count);
        Assert.Equal(25, model.TrainingLoss.Count);
    }

    [Fact]
    public void Contributions_PoissonModel_SumToLogMean()
    {
        var (x, y) = Regression(2000, 18, BoostingLoss.Poisson);
        var model = new GradientBoostingLearner(new() { Loss = BoostingLoss.Poisson, Rounds = 30, MaxDepth = 3 }).Fit(x, y, []);
        var raw = new double[x.RowCount];
        model.PredictRaw(x, raw);
        var phi = new double[x.ColumnCount + 1];
        for (var row = 0; row < 100; row++)
        {
            model.Contributions(x, row, phi);
            Assert.Equal(raw[row], phi.Sum(), 9);
        }
    }

    [Fact]
    public void Predict_OtherSchema_ThrowsSchemaMismatch()
    {
        var (x, y) = TreeTestData.Churn(500, 1);
        var model = new GradientBoostingLearner(new() { Rounds = 2 }).Fit(x, y, []);
        var other = TreeTestData.Numeric(new float[3], new float[3]);
        var e = Assert.Throws<SchemaMismatchException>(() => model.Predict(other, new double[3]));
        Assert.Contains("column 0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(10, 0.0)]
    [InlineData(10, 1.5)]
    public void Constructor_InvalidOptions_Throws(int rounds, double learningRate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingLearner(new() { Rounds = rounds, LearningRate = learningRate }));

    [Fact]
    public void Fit_LabelOutsideDomain_ThrowsNamingRow()
    {
        var x = TreeTestData.Numeric([1f, 2f, 3f]);
        var e = Assert.Throws<ArgumentException>(() => new GradientBoostingLearner().Fit(x, [0, 2, 1], []));
        Assert.Contains("row 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ZeroSampleWeight_RowIgnored()
    {
        var v = new float[] { 0, 1, 2, 3, 4, 5 };
        var y = new double[] { 1, 1, 1, 5, 5, 100 };
        var w = new double[] { 1, 1, 1, 1, 1, 0 };
        var model = new GradientBoostingLearner(new() { Loss = BoostingLoss.SquaredError, Rounds = 1, LearningRate = 1, Lambda = 0, MinChildWeight = 0, MaxDepth = 1 }).Fit(TreeTestData.Numeric(v), y, w);
        var p = new double[1];
        model.Predict(TreeTestData.Numeric([4.5f]), p);
        // Gradients are single precision, hence the tolerance.
        Assert.Equal(5.0, p[0], 5);
    }

    private static (FeatureMatrix X, double[] Y) Regression(int rows, int seed, BoostingLoss loss)
    {
        if (loss == BoostingLoss.LogLoss)
        {
            return TreeTestData.Churn(rows, seed);
        }

        var random = new Random(seed);
        var a = new float[rows];
        var b = new float[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (float)random.NextDouble();
            b[i] = (float)random.NextDouble();
            var mean = Math.Exp((1.5 * a[i]) + (b[i] > 0.5 ? 0.7 : 0));
            y[i] = loss switch
            {
                BoostingLoss.SquaredError => mean + random.NextDouble(),
                BoostingLoss.Poisson => Poisson(random, mean),
                _ => random.NextDouble() < 0.6 ? 0 : mean * 2 * random.NextDouble(),
            };
        }

        return (TreeTestData.Numeric(a, b), y);
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
