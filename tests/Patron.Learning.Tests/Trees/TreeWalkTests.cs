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
    public void AddValues_TreesWithCategoryAndNumericSplits_SameLeafValuesAsTheRowWalk_EveryCodeAndMissingValueIncluded()
    {
        // A 6-level and a 40-level category (two words of a set) beside numeric columns with missing values.
        var (x, y) = Mixed(3_001, levels: [6, 40], seed: 8);
        var model = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 30, MaxDepth = 5, MinChildWeight = 10, Seed = 8 }).Fit(x, y, []);
        var trees = model.TreeArray;
        var small = x.ColumnCount - 2;
        var large = x.ColumnCount - 1;
        Assert.Contains(trees, t => Array.IndexOf(t.Feature, small) >= 0);
        Assert.Contains(trees, t => Array.IndexOf(t.Feature, large) >= 0);
        Assert.Contains(trees, t => t.CategoryOffset.Any(o => o >= 0) && t.Feature.Where((f, node) => f >= 0 && t.CategoryOffset[node] < 0).Any());

        // Per category column every code to 70 (a set's bits, the codes past its words, past 63), negative and
        // fractional codes, a value no int holds and a missing value; numeric cells at every threshold and missing.
        var columns = WithCodes(Scored(x, trees), [small, large], [-1f, -0.5f, 2.7f, 39.99f, 1e10f, float.NaN]);
        var rows = columns[0].Length;
        foreach (var tree in trees)
        {
            foreach (var (start, end) in new[] { (0, rows), (5, 12), (7, 8), (3, 3), (1, rows - 2) })
            {
                var batch = Fill(rows, 0.25);
                tree.AddValues(columns, start, end, batch);
                var single = Fill(rows, 0.25);
                for (var i = start; i < end; i++)
                {
                    single[i] += tree.Evaluate(columns, i);
                }

                Assert.Equal(single, batch);
            }
        }
    }

    [Fact]
    public void AddValues_CategorySetOverMoreThan64Codes_RowWalkSameValues()
    {
        var (x, y) = Mixed(4_000, levels: [70], seed: 5);
        var model = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 15, MaxDepth = 4, MinChildWeight = 10, Seed = 5 }).Fit(x, y, []);
        var category = x.ColumnCount - 1;
        Assert.Contains(model.TreeArray, t => Array.IndexOf(t.Feature, category) >= 0 && t.CategoryWords.Max() > 2);
        var columns = WithCodes(x, [category], [65f, 100f, float.NaN]);
        var rows = columns[0].Length;
        foreach (var tree in model.TreeArray)
        {
            var batch = new double[rows];
            tree.AddValues(columns, 0, rows, batch);
            for (var i = 0; i < rows; i++)
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

    // Numeric columns with missing values and one categorical column per entry of levels (codes spread evenly, some
    // missing), the label driven by both kinds.
    private static (FeatureMatrix X, double[] Y) Mixed(int rows, int[] levels, int seed)
    {
        var random = new Random(seed);
        var numeric = 3;
        var columns = new float[numeric + levels.Length][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var score = 0.0;
            for (var j = 0; j < numeric; j++)
            {
                columns[j][i] = random.NextDouble() < 0.08 ? float.NaN : (float)Math.Round(random.NextDouble() * 20, 1);
                score += float.IsNaN(columns[j][i]) ? 0.5 : (columns[j][i] - 10) / (5 + j);
            }

            for (var c = 0; c < levels.Length; c++)
            {
                var code = random.Next(levels[c]);
                columns[numeric + c][i] = random.NextDouble() < 0.05 ? float.NaN : code;
                score += code % 3 == 0 ? 1.1 : (code % 3 == 1 ? -0.6 : 0.1);
            }

            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-score)) ? 1 : 0;
        }

        var specs = new List<FeatureSpec>();
        for (var j = 0; j < numeric; j++)
        {
            specs.Add(new FeatureSpec("n" + j.ToString(System.Globalization.CultureInfo.InvariantCulture), FeatureKind.Numeric));
        }

        for (var c = 0; c < levels.Length; c++)
        {
            var names = Enumerable.Range(0, levels[c]).Select(k => "L" + k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            specs.Add(new FeatureSpec("c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture), FeatureKind.Categorical, names));
        }

        return (FeatureMatrix.Create(new FeatureSchema(specs), columns), y);
    }

    // The matrix's columns, then for each of the categorical columns a row per code 0 to 70 and per extra value (the
    // other cells taken from row k of the matrix): cells no FeatureMatrix would hold, which the walks must still agree on.
    private static float[][] WithCodes(FeatureMatrix x, int[] categorical, float[] extras)
    {
        var added = new List<(int Column, float Value)>();
        foreach (var c in categorical)
        {
            for (var code = 0; code <= 70; code++)
            {
                added.Add((c, code));
            }

            foreach (var value in extras)
            {
                added.Add((c, value));
            }
        }

        var columns = new float[x.ColumnCount][];
        for (var j = 0; j < columns.Length; j++)
        {
            var original = x.GetColumnArray(j);
            columns[j] = new float[original.Length + added.Count];
            original.CopyTo(columns[j], 0);
            for (var k = 0; k < added.Count; k++)
            {
                columns[j][original.Length + k] = added[k].Column == j ? added[k].Value : original[k % original.Length];
            }
        }

        return columns;
    }

    private static double[] Fill(int length, double value)
    {
        var result = new double[length];
        Array.Fill(result, value);
        return result;
    }
}
