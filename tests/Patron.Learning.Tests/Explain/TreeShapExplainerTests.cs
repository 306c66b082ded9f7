using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Explain;
using Patron.Learning.Forest;
using Patron.Learning.Linear;
using Patron.Learning.Tests.Trees;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Explain;

/// <summary>The batch contributions (tabulated tree parts) against the one-row path, brute force and the raw score.</summary>
public sealed class TreeShapExplainerTests
{
    [Fact]
    public void BatchContributions_BoostedDepth4WithMissingAndCategory_EqualOneRowBitForBit()
    {
        var (x, y) = TreeTestData.Churn(4000, 11, numeric: 8);
        var (test, _) = TreeTestData.Churn(5000, 12, numeric: 8);
        var model = Boosted(x, y);
        Assert.Equal(model.Trees.Count, model.Explainer.TabulatedTreeCount);

        // A block that starts inside the matrix and spans more than one internal sub-block of rows.
        const int start = 37;
        var count = test.RowCount - 50;
        var batch = Batch(model, test, start, count, -1);
        var one = new double[test.ColumnCount + 1];
        for (var i = 0; i < count; i++)
        {
            model.Contributions(test, start + i, one);
            Assert.True(one.AsSpan().SequenceEqual(batch.AsSpan(i * one.Length, one.Length)), $"row {start + i}");
        }
    }

    [Fact]
    public void BatchContributions_BoostedDepth4_EqualBruteForceShapley()
    {
        var (x, y) = TreeTestData.Churn(2000, 21, numeric: 4);
        var model = new GradientBoostingLearner(new() { Rounds = 12, MaxDepth = 4, MinChildWeight = 0 }).Fit(x, y, []);
        var columns = TreeShapTests.Columns(x);
        const int rows = 40;
        var width = x.ColumnCount + 1;
        var batch = Batch(model, x, 0, rows, 2);
        for (var row = 0; row < rows; row++)
        {
            var expected = TreeShapTests.BruteForce(model.Trees, columns, row);
            for (var j = 0; j < x.ColumnCount; j++)
            {
                Assert.Equal(expected[j], batch[(row * width) + j], 1e-12);
            }
        }
    }

    [Fact]
    public void BatchContributions_EveryRow_SumToRawScore()
    {
        var (x, y) = TreeTestData.Churn(4000, 3, numeric: 8);
        var (test, _) = TreeTestData.Churn(3000, 4, numeric: 8);
        var model = Boosted(x, y);
        var raw = new double[test.RowCount];
        model.PredictRaw(test, raw);
        var width = test.ColumnCount + 1;
        var batch = Batch(model, test, 0, test.RowCount, -1);
        for (var row = 0; row < test.RowCount; row++)
        {
            var sum = 0.0;
            foreach (var p in batch.AsSpan(row * width, width))
            {
                sum += p;
            }

            Assert.True(Math.Abs(raw[row] - sum) <= 1e-12 * Math.Max(1, Math.Abs(raw[row])), $"row {row}: raw {raw[row]:R}, sum {sum:R}");
        }
    }

    [Fact]
    public void BatchContributions_OneThreadManyThreadsAndFillOrder_SameBytes()
    {
        var (x, y) = TreeTestData.Churn(4000, 5, numeric: 8);
        var (test, _) = TreeTestData.Churn(9000, 6, numeric: 8);

        // One thread, many threads, and back to front in small blocks of rows: all three agree to the bit.
        var single = Batch(Boosted(x, y), test, 0, test.RowCount, 1);
        var many = Batch(Boosted(x, y), test, 0, test.RowCount, 8);
        var reversedModel = Boosted(x, y);
        var width = test.ColumnCount + 1;
        var reversed = new double[test.RowCount * width];
        for (var end = test.RowCount; end > 0; end -= 700)
        {
            var first = Math.Max(0, end - 700);
            reversedModel.Contributions(test, first, end - first, reversed.AsSpan(first * width, (end - first) * width), 2);
        }

        Assert.Equal(Bytes(single), Bytes(many));
        Assert.Equal(Bytes(single), Bytes(reversed));

        // And again on a model whose tables were built by an earlier call.
        Assert.Equal(Bytes(single), Bytes(Batch(reversedModel, test, 0, test.RowCount, 8)));
    }

    [Fact]
    public void BatchContributions_TwoCallersAtOnce_EqualOneRow()
    {
        var (x, y) = TreeTestData.Churn(4000, 7, numeric: 8);
        var (test, _) = TreeTestData.Churn(8000, 8, numeric: 8);
        var model = Boosted(x, y);
        var half = test.RowCount / 2;
        double[] first = [], second = [];
        Parallel.Invoke(
            () => first = Batch(model, test, 0, half, 2),
            () => second = Batch(model, test, half, test.RowCount - half, 2));
        var reference = new GradientBoostingModel(model.Schema, model.Loss, model.TweedieVariancePower, model.BaseScore, model.TreeArray, [], []);
        var one = new double[test.ColumnCount + 1];
        for (var row = 0; row < test.RowCount; row++)
        {
            reference.Contributions(test, row, one);
            var batch = row < half ? first.AsSpan(row * one.Length, one.Length) : second.AsSpan((row - half) * one.Length, one.Length);
            Assert.True(one.AsSpan().SequenceEqual(batch), $"row {row}");
        }
    }

    [Fact]
    public void BatchContributions_TreesTooBigForTables_FallBackAndEqualOneRow()
    {
        var (x, y) = TreeTestData.Churn(6000, 9, numeric: 8);
        var (test, _) = TreeTestData.Churn(1500, 10, numeric: 8);
        var deep = new GradientBoostingLearner(new() { Rounds = 15, MaxDepth = 9, MinChildWeight = 0 }).Fit(x, y, []);
        Assert.True(deep.Explainer.TabulatedTreeCount < deep.Trees.Count, "expected trees too big to tabulate");
        AssertBatchEqualsOneRow(deep, test);

        // Leaf-wise trees of uneven shape are cut where their parts fit.
        var leafWise = new GradientBoostingLearner(new() { Rounds = 30, Growth = GrowthPolicy.LeafWise, MaxDepth = 0, MaxLeaves = 24, MinChildWeight = 0 }).Fit(x, y, []);
        AssertBatchEqualsOneRow(leafWise, test);

        var forest = new RandomForestLearner(new() { Trees = 12, MaxDepth = 10, Seed = 3 }).Fit(x, y, []);
        AssertBatchEqualsOneRow(forest, test);
    }

    [Fact]
    public void Layout_FullDepth4Tree_CutIntoTwoHalvesOf256Patterns()
    {
        var (x, y) = TreeTestData.Churn(4000, 13, numeric: 8);
        var model = Boosted(x, y);
        var full = 0;
        foreach (var tree in model.TreeArray)
        {
            if (tree.LeafCount != 16)
            {
                continue;
            }

            full++;
            var layout = new TreeShapLayout(tree);
            Assert.True(layout.Tabulated);
            Assert.Equal(2, layout.Parts.Length);
            Assert.All(layout.Parts, part => Assert.Equal(8, part.Nodes.Length));
        }

        Assert.True(full > 0, "expected full depth-4 trees");

        // A tree of 12 internal nodes or fewer is tabulated whole.
        var small = new TreeShapLayout(TreeShapTests.HandBuiltTree());
        Assert.True(small.Tabulated);
        Assert.Single(small.Parts);
        Assert.Equal(4, small.Parts[0].Nodes.Length);
    }

    [Fact]
    public void BatchContributions_CalibratedBoosting_ForwardToTheInnerModel()
    {
        var (x, y) = TreeTestData.Churn(3000, 15, numeric: 6);
        var inner = Boosted(x, y);
        var calibrated = new CalibratedModel(inner, new PlattCalibrator(1.2, -0.1));
        AssertBatchEqualsOneRow(calibrated, x);
        Assert.Equal(Bytes(Batch(inner, x, 0, x.RowCount, 2)), Bytes(Batch(calibrated, x, 0, x.RowCount, 2)));
    }

    [Fact]
    public void BatchContributions_LinearModelDefaultMethod_EqualOneRow()
    {
        var (x, y) = TreeTestData.Churn(2000, 17, numeric: 4);
        var model = new LogisticRegressionLearner(new()).Fit(x, y, []);
        AssertBatchEqualsOneRow(model, x);
    }

    [Fact]
    public void BatchContributions_WrongOutputLengthOrRange_Throw()
    {
        var (x, y) = TreeTestData.Churn(500, 19, numeric: 3);
        IExplainable model = new GradientBoostingLearner(new() { Rounds = 3, MaxDepth = 2 }).Fit(x, y, []);
        var width = x.ColumnCount + 1;
        Assert.Throws<ArgumentException>(() => model.Contributions(x, 0, 10, new double[(10 * width) - 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Contributions(x, 495, 10, new double[10 * width]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Contributions(x, -1, 1, new double[width]));
    }

    private static GradientBoostingModel Boosted(FeatureMatrix x, double[] y) =>
        new GradientBoostingLearner(new() { Rounds = 80, MaxDepth = 4, LearningRate = 0.1, MinChildWeight = 1, Seed = 1 }).Fit(x, y, []);

    private static double[] Batch(IExplainable model, FeatureMatrix x, int start, int count, int threads)
    {
        var phi = new double[count * (x.ColumnCount + 1)];
        model.Contributions(x, start, count, phi, threads);
        return phi;
    }

    private static void AssertBatchEqualsOneRow(IExplainable model, FeatureMatrix x)
    {
        var batch = Batch(model, x, 0, x.RowCount, 2);
        var one = new double[x.ColumnCount + 1];
        for (var row = 0; row < x.RowCount; row++)
        {
            model.Contributions(x, row, one);
            Assert.True(one.AsSpan().SequenceEqual(batch.AsSpan(row * one.Length, one.Length)), $"row {row}");
        }
    }

    private static byte[] Bytes(double[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
