using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Learning.Tests.Trees;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Explain;

public sealed class TreeShapTests
{
    [Fact]
    public void Contributions_HandBuiltTreeWithRepeatedFeatureCategoryAndMissing_EqualBruteForce()
    {
        var tree = HandBuiltTree();
        var x = HandBuiltRows();
        var columns = Columns(x);
        var explainer = new TreeShapExplainer(x.Schema, [tree], 1.0, 0);
        var batch = new double[x.RowCount * 4];
        explainer.Contributions(x, 0, x.RowCount, batch, 1);
        for (var row = 0; row < x.RowCount; row++)
        {
            var phi = new double[4];
            explainer.Contributions(x, row, phi);
            var expected = BruteForce([tree], columns, row);
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(expected[j], phi[j], 12);
                Assert.Equal(phi[j], batch[(row * 4) + j]);
            }

            Assert.Equal(tree.ExpectedValue, phi[3]);
            Assert.Equal(tree.Evaluate(columns, row), phi[0] + phi[1] + phi[2] + phi[3], 12);
        }
    }

    /// <summary>Root splits x0 &lt;= 0.5 (missing left); left child splits the category x2 in {1, 3} (missing right);
    /// right child splits x0 again at 2.0 and then x1 &lt;= 0 (missing right). Covers are uneven so the weighting
    /// matters.</summary>
    internal static DecisionTree HandBuiltTree() => new(
        feature: [0, 2, 0, -1, -1, 1, -1, -1, -1],
        threshold: [0.5f, 0, 2.0f, 0, 0, 0, 0, 0, 0],
        defaultLeft: [true, false, false, false, false, false, false, false, false],
        left: [1, 3, 5, -1, -1, 7, -1, -1, -1],
        right: [2, 4, 6, -1, -1, 8, -1, -1, -1],
        value: [0, 0, 0, 1.5, -2.0, 0, 0.75, 3.0, -1.25],
        cover: [100, 40, 60, 15, 25, 35, 25, 20, 15],
        gain: [1, 1, 1, 0, 0, 1, 0, 0, 0],
        categoryOffset: [-1, 0, -1, -1, -1, -1, -1, -1, -1],
        categoryWords: [0, 1, 0, 0, 0, 0, 0, 0, 0],
        categoryBits: [0b1010u]);

    /// <summary>Rows for <see cref="HandBuiltTree"/>: every branch, missing values at each split, and a category
    /// outside the set.</summary>
    internal static FeatureMatrix HandBuiltRows() => FeatureMatrix.Create(
        new FeatureSchema([
            new FeatureSpec("x0", FeatureKind.Numeric),
            new FeatureSpec("x1", FeatureKind.Numeric),
            new FeatureSpec("x2", FeatureKind.Categorical, ["a", "b", "c", "d"]),
        ]),
        [
            [0.2f, 1.0f, 3.0f, float.NaN, 1.5f, 0.5f],
            [-1.0f, 0.5f, float.NaN, 2.0f, float.NaN, 0f],
            [1, 0, 3, float.NaN, 2, 1],
        ]);

    [Fact]
    public void Contributions_TrainedBoostedModel_EqualBruteForceShapley()
    {
        var (x, y) = TreeTestData.Churn(1500, 31, numeric: 4);
        var model = new GradientBoostingLearner(new() { Rounds = 6, MaxDepth = 4, MinChildWeight = 0 }).Fit(x, y, []);
        var columns = Columns(x);
        var phi = new double[x.ColumnCount + 1];
        for (var row = 0; row < 25; row++)
        {
            model.Contributions(x, row, phi);
            var expected = BruteForce(model.Trees, columns, row);
            for (var j = 0; j < x.ColumnCount; j++)
            {
                Assert.Equal(expected[j], phi[j], 10);
            }
        }
    }

    [Fact]
    public void Contributions_EveryTestRow_SumToRawScore()
    {
        var (x, y) = TreeTestData.Churn(3000, 2);
        var (test, _) = TreeTestData.Churn(500, 3);
        var model = new GradientBoostingLearner(new() { Rounds = 40, Growth = GrowthPolicy.LeafWise, MaxDepth = 0, MaxLeaves = 20 }).Fit(x, y, []);
        var raw = new double[test.RowCount];
        model.PredictRaw(test, raw);
        var phi = new double[test.ColumnCount + 1];
        for (var row = 0; row < test.RowCount; row++)
        {
            model.Contributions(test, row, phi);
            var sum = 0.0;
            foreach (var p in phi)
            {
                sum += p;
            }

            Assert.Equal(raw[row], sum, 9);
        }
    }

    [Fact]
    public void MeanAbsolute_SignalFeatureOutranksNoise()
    {
        var (x, y) = TreeTestData.Churn(4000, 5, numeric: 5);
        var model = new GradientBoostingLearner(new() { Rounds = 30, MaxDepth = 3 }).Fit(x, y, []);
        var importance = TreeShapImportance.MeanAbsolute(model, x);
        Assert.Equal(x.ColumnCount, importance.Length);

        // n0 carries a strong linear effect, n4 almost none (see TreeTestData.Churn).
        Assert.True(importance[0] > 3 * importance[4], $"n0 {importance[0]} vs n4 {importance[4]}");
    }

    internal static float[][] Columns(FeatureMatrix x)
    {
        var columns = new float[x.ColumnCount][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = x.Column(j).ToArray();
        }

        return columns;
    }

    /// <summary>Shapley values by enumerating every coalition, with the path-dependent value function: features outside
    /// the coalition are integrated out by weighting both children with their cover.</summary>
    internal static double[] BruteForce(IReadOnlyList<DecisionTree> trees, float[][] columns, int row)
    {
        var m = columns.Length;
        var phi = new double[m];
        var factorial = new double[m + 1];
        factorial[0] = 1;
        for (var k = 1; k <= m; k++)
        {
            factorial[k] = factorial[k - 1] * k;
        }

        for (var i = 0; i < m; i++)
        {
            for (var mask = 0; mask < 1 << m; mask++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    continue;
                }

                var size = System.Numerics.BitOperations.PopCount((uint)mask);
                var weight = factorial[size] * factorial[m - size - 1] / factorial[m];
                foreach (var tree in trees)
                {
                    phi[i] += weight * (Conditional(tree, 0, columns, row, mask | (1 << i)) - Conditional(tree, 0, columns, row, mask));
                }
            }
        }

        return phi;
    }

    private static double Conditional(DecisionTree tree, int node, float[][] columns, int row, int coalition)
    {
        var f = tree.Feature[node];
        if (f < 0)
        {
            return tree.Value[node];
        }

        if ((coalition & (1 << f)) != 0)
        {
            var next = tree.GoesLeft(node, columns[f][row]) ? tree.Left[node] : tree.Right[node];
            return Conditional(tree, next, columns, row, coalition);
        }

        var l = tree.Left[node];
        var r = tree.Right[node];
        return ((tree.Cover[l] * Conditional(tree, l, columns, row, coalition)) + (tree.Cover[r] * Conditional(tree, r, columns, row, coalition))) / tree.Cover[node];
    }
}
