using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Trees;

/// <summary>The batch walk of a tree (branch-free for numeric trees) against the row-by-row walk it replaces.</summary>
public sealed class TreeWalkTests
{
    [Fact]
    public void AddValues_NumericTrees_SameLeafValuesAsTheRowWalk_MissingValuesAndThresholdsIncluded()
    {
        var (x, y) = Numeric(4_001, seed: 3);
        var model = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 30, MaxDepth = 5, MinChildWeight = 40, Seed = 3 }).Fit(x, y, []);
        var trees = model.TreeArray;

        // Uneven trees: some leaves above the deepest level, so rows stop at different steps.
        Assert.Contains(trees, t => t.LeafCount < (1 << t.Depth));

        // Values exactly at the thresholds and missing values in every column of the scored rows.
        var scored = Scored(x, trees);
        var columns = TreeEnsemble.Columns(scored);
        foreach (var tree in trees)
        {
            foreach (var (start, end) in new[] { (0, scored.RowCount), (5, 12), (7, 8), (3, 3) })
            {
                var batch = Fill(scored.RowCount, 0.25);
                tree.AddValues(columns, start, end, batch);
                var single = Fill(scored.RowCount, 0.25);
                for (var i = start; i < end; i++)
                {
                    single[i] += tree.Evaluate(columns, i);
                }

                Assert.Equal(single, batch);
            }
        }
    }

    [Fact]
    public void AddValues_TreeWithCategorySplits_SameAsTheRowWalk()
    {
        var (x, y) = TreeTestData.Churn(3_000, 8);
        var model = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 20, MaxDepth = 4, Seed = 8 }).Fit(x, y, []);
        var categorical = x.ColumnCount - 1;
        Assert.Contains(model.TreeArray, t => Array.IndexOf(t.Feature, categorical) >= 0);
        var columns = TreeEnsemble.Columns(x);
        foreach (var tree in model.TreeArray)
        {
            var batch = new double[x.RowCount];
            tree.AddValues(columns, 0, x.RowCount, batch);
            for (var i = 0; i < x.RowCount; i++)
            {
                Assert.Equal(tree.Evaluate(columns, i), batch[i]);
            }
        }
    }

    [Fact]
    public void Score_RowsOverSeveralSlicesAndBlocks_EachRowAddsItsTreesInModelOrder()
    {
        // More rows than a block of RowBlocks and not a multiple of a slice: slices, blocks and a short tail.
        var rows = RowBlocks.BlockSize + (3 * TreeEnsemble.SliceRows) + 77;
        var (x, y) = Numeric(rows, seed: 9);
        var model = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 25, MaxDepth = 4, MinChildWeight = 20, Seed = 9 }).Fit(x, y, []);
        var trees = model.TreeArray;
        var columns = TreeEnsemble.Columns(x);

        var scored = new double[rows];
        TreeEnsemble.Score(trees, x, 0.5, 0.1, scored);

        for (var i = 0; i < rows; i++)
        {
            var sum = 0.0;
            foreach (var tree in trees)
            {
                sum += tree.Evaluate(columns, i);
            }

            Assert.Equal(0.5 + (0.1 * sum), scored[i]);
        }
    }

    private static (FeatureMatrix X, double[] Y) Numeric(int rows, int seed)
    {
        var random = new Random(seed);
        var columns = new float[4][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                columns[j][i] = random.NextDouble() < 0.08 ? float.NaN : (float)Math.Round(random.NextDouble() * 20, 1);
            }

            var score = (float.IsNaN(columns[0][i]) ? 1.5 : columns[0][i] / 5 - 2) + (columns[1][i] > 10 ? 0.8 : -0.4);
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-score)) ? 1 : 0;
        }

        return (TreeTestData.Numeric(columns), y);
    }

    // The training rows, then per split a row exactly at its threshold and one missing value in its column.
    private static FeatureMatrix Scored(FeatureMatrix x, DecisionTree[] trees)
    {
        var extra = new List<float[]>();
        foreach (var tree in trees)
        {
            for (var node = 0; node < tree.NodeCount; node++)
            {
                if (tree.Feature[node] < 0)
                {
                    continue;
                }

                var atThreshold = new float[x.ColumnCount];
                var missing = new float[x.ColumnCount];
                for (var j = 0; j < x.ColumnCount; j++)
                {
                    atThreshold[j] = x.GetColumnArray(j)[node % x.RowCount];
                    missing[j] = atThreshold[j];
                }

                atThreshold[tree.Feature[node]] = tree.Threshold[node];
                missing[tree.Feature[node]] = float.NaN;
                extra.Add(atThreshold);
                extra.Add(missing);
            }
        }

        var columns = new float[x.ColumnCount][];
        for (var j = 0; j < columns.Length; j++)
        {
            var original = x.GetColumnArray(j);
            columns[j] = new float[original.Length + extra.Count];
            original.CopyTo(columns[j], 0);
            for (var r = 0; r < extra.Count; r++)
            {
                columns[j][original.Length + r] = extra[r][j];
            }
        }

        return TreeTestData.Numeric(columns);
    }

    private static double[] Fill(int length, double value)
    {
        var result = new double[length];
        Array.Fill(result, value);
        return result;
    }
}
