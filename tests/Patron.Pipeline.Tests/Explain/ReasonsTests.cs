using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Pipeline.Explain;

namespace Patron.Pipeline.Tests.Explain;

/// <summary>Churn and session reasons computed block by block through the batch contributions, against the same
/// reasons from a model that can only explain one row at a time.</summary>
public sealed class ReasonsTests
{
    [Fact]
    public void ChurnReasons_MoreRowsThanOneBlock_SameAsOneRowAtATime()
    {
        var (x, model) = Model(ReasonBlocks.Rows + 700);
        var blocked = ChurnReasons.Compute(model, x);
        var oneByOne = ChurnReasons.Compute(new OneRowOnly(model), x);

        Assert.Equal(x.RowCount, blocked.Length);
        Assert.Equal(oneByOne, blocked);
        Assert.All(blocked, reasons => Assert.NotEqual("", reasons[0]));
        // Equal sentences are one shared string, across blocks too.
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reasons in blocked)
        {
            foreach (var reason in reasons)
            {
                Assert.Same(first.TryAdd(reason, reason) ? reason : first[reason], reason);
            }
        }
    }

    [Fact]
    public void SessionReasons_MoreRowsThanOneBlock_SameAsOneRowAtATime()
    {
        var (x, model) = Model(ReasonBlocks.Rows + 300);
        var probabilities = new double[x.RowCount];
        model.Predict(x, probabilities);
        var baseRate = probabilities.Average();
        var blocked = SessionReasons.Compute(model, x, probabilities, baseRate);
        var oneByOne = SessionReasons.Compute(new OneRowOnly(model), x, probabilities, baseRate);

        Assert.Equal(oneByOne, blocked);
        Assert.Contains(blocked, reasons => reasons[0].EndsWith("(raises the purchase chance)", StringComparison.Ordinal));
        Assert.Contains(blocked, reasons => reasons[0].EndsWith("(lowers the purchase chance)", StringComparison.Ordinal));
    }

    // Depth-4 boosting on a small churn-like matrix: numeric columns with missing cells and a categorical one.
    private static (FeatureMatrix X, GradientBoostingModel Model) Model(int rows)
    {
        var random = new Random(17);
        var columns = new float[5][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var score = 0.0;
            for (var j = 0; j < 4; j++)
            {
                var v = (float)((random.NextDouble() * 4) - 2);
                columns[j][i] = random.NextDouble() < 0.05 ? float.NaN : v;
                score += (j + 1) * 0.4 * v;
            }

            var segment = random.Next(3);
            columns[4][i] = segment;
            score += segment == 1 ? 1 : -0.5;
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-score)) ? 1 : 0;
        }

        var schema = new FeatureSchema([
            new FeatureSpec("a", FeatureKind.Numeric),
            new FeatureSpec("b", FeatureKind.Numeric),
            new FeatureSpec("c", FeatureKind.Numeric),
            new FeatureSpec("d", FeatureKind.Numeric),
            new FeatureSpec("segment", FeatureKind.Categorical, ["x", "y", "z"]),
        ]);
        var x = FeatureMatrix.Create(schema, columns);
        var model = new GradientBoostingLearner(new() { Rounds = 40, MaxDepth = 4, Seed = 5 }).Fit(x, y, []);
        return (x, model);
    }

    /// <summary>Exposes only the one-row method, so callers go through the interface's default batch method.</summary>
    private sealed class OneRowOnly(IExplainable inner) : IExplainable
    {
        public void Contributions(FeatureMatrix x, int row, Span<double> phi) => inner.Contributions(x, row, phi);
    }
}
