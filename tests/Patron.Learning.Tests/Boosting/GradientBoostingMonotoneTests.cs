using System.Globalization;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Tests.Golden;
using Patron.Learning.Tests.Trees;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Boosting;

public sealed class GradientBoostingMonotoneTests
{
    /// <summary>Property: on random data whose label moves against the constraint in places, every prediction is
    /// monotone in each constrained feature (the other features held at the row's values), for each loss.</summary>
    [Theory]
    [InlineData(1, BoostingLoss.LogLoss)]
    [InlineData(2, BoostingLoss.SquaredError)]
    [InlineData(3, BoostingLoss.Tweedie)]
    [InlineData(4, BoostingLoss.Poisson)]
    [InlineData(5, BoostingLoss.LogLoss)]
    [InlineData(6, BoostingLoss.SquaredError)]
    public void Fit_WithConstraints_PredictionsAreMonotoneInEachConstrainedFeature(int seed, BoostingLoss loss)
    {
        var random = new Random(seed);
        var (x, y) = RandomData(random, 600, loss);
        var directions = new Dictionary<string, int>();
        for (var j = 0; j < 4; j++)
        {
            directions["x" + j.ToString(CultureInfo.InvariantCulture)] = random.Next(3) - 1;
        }

        directions["x0"] = 1;
        directions["x1"] = -1;
        var options = new GradientBoostingOptions
        {
            Loss = loss,
            Rounds = 40,
            LearningRate = 0.3,
            MaxDepth = 1 + random.Next(5),
            MinChildWeight = random.NextDouble(),
            Growth = random.Next(2) == 0 ? GrowthPolicy.DepthWise : GrowthPolicy.LeafWise,
            RowSample = 0.8,
            Seed = seed,
            MonotoneConstraints = directions,
        };
        var model = new GradientBoostingLearner(options).Fit(x, y, []);

        var grid = new float[41];
        for (var k = 0; k < grid.Length; k++)
        {
            grid[k] = -2.2f + (0.11f * k);
        }

        var checkedRows = 0;
        foreach (var (name, direction) in directions)
        {
            if (direction == 0)
            {
                continue;
            }

            var feature = x.Schema.IndexOf(name);
            for (var row = 0; row < 60; row++)
            {
                var predictions = Sweep(model, x, row, feature, grid);
                for (var k = 1; k < predictions.Length; k++)
                {
                    var step = direction * (predictions[k] - predictions[k - 1]);
                    Assert.True(step >= -1e-12, $"{name} ({direction:+#;-#}) row {row}: {predictions[k - 1]} then {predictions[k]} at {grid[k]}");
                }

                checkedRows++;
            }
        }

        Assert.True(checkedRows >= 120);

        // The constraint bites: without it, some sweep of x0 on this data falls somewhere.
        var free = new GradientBoostingLearner(options with { MonotoneConstraints = null }).Fit(x, y, []);
        var fell = false;
        for (var row = 0; row < 60 && !fell; row++)
        {
            var predictions = Sweep(free, x, row, 0, grid);
            for (var k = 1; k < predictions.Length; k++)
            {
                fell |= predictions[k] < predictions[k - 1] - 1e-9;
            }
        }

        Assert.True(fell, "the unconstrained model was already monotone in x0; the data does not test the constraint");
    }

    /// <summary>Golden: XGBoost 1.7 (exact method, depth 3, eta 0.3, 10 rounds) with monotone_constraints "(1,-1,0)"
    /// and without, on the data of Golden/make_monotone_golden.py: Patron's predictions on the training rows match.</summary>
    [Fact]
    public void Fit_MatchesXgboostMonotoneConstraints()
    {
        var table = GoldenFiles.Table("monotone.csv");
        var columns = new float[3][];
        for (var j = 0; j < 3; j++)
        {
            var values = GoldenFiles.Numbers(table, "x" + j.ToString(CultureInfo.InvariantCulture));
            columns[j] = Array.ConvertAll(values, v => (float)v);
        }

        var x = TreeTestData.Numeric(columns);
        var y = GoldenFiles.Numbers(table, "y");
        var options = new GradientBoostingOptions
        {
            Loss = BoostingLoss.SquaredError,
            Rounds = 10,
            LearningRate = 0.3,
            MaxDepth = 3,
            Lambda = 1,
            MinChildWeight = 1,
        };
        Compare(x, y, options, GoldenFiles.Numbers(table, "xgb_free"));
        var constrained = options with { MonotoneConstraints = new Dictionary<string, int> { ["x0"] = 1, ["x1"] = -1, ["x2"] = 0 } };
        Compare(x, y, constrained, GoldenFiles.Numbers(table, "xgb_monotone"));
    }

    [Fact]
    public void Fit_ConstraintOnUnknownOrCategoricalFeature_IsRefused()
    {
        var (x, y) = RandomData(new Random(9), 100, BoostingLoss.LogLoss);
        var unknown = new GradientBoostingLearner(new() { MonotoneConstraints = new Dictionary<string, int> { ["nope"] = 1 } });
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => unknown.Fit(x, y, [])).Message, StringComparison.Ordinal);
        var categorical = new GradientBoostingLearner(new() { MonotoneConstraints = new Dictionary<string, int> { ["colour"] = 1 } });
        Assert.Contains("categorical", Assert.Throws<ArgumentException>(() => categorical.Fit(x, y, [])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingLearner(new() { MonotoneConstraints = new Dictionary<string, int> { ["x0"] = 2 } }));
    }

    private static void Compare(FeatureMatrix x, double[] y, GradientBoostingOptions options, double[] expected)
    {
        var model = new GradientBoostingLearner(options).Fit(x, y, []);
        var predicted = new double[y.Length];
        model.Predict(x, predicted);
        for (var i = 0; i < y.Length; i++)
        {
            // XGBoost returns float32 predictions.
            Assert.True(Math.Abs(predicted[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"row {i}: {predicted[i]} against XGBoost's {expected[i]}");
        }
    }

    private static double[] Sweep(GradientBoostingModel model, FeatureMatrix x, int row, int feature, float[] grid)
    {
        var columns = new float[x.ColumnCount][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[grid.Length];
            var value = x.Column(j)[row];
            for (var k = 0; k < grid.Length; k++)
            {
                columns[j][k] = j == feature ? grid[k] : value;
            }
        }

        var predictions = new double[grid.Length];
        model.Predict(FeatureMatrix.Create(x.Schema, columns), predictions);
        return predictions;
    }

    // Four numeric features in [-2, 2] (some missing) and a categorical one; the label rises with x0 and falls with x1
    // on average, with a wave in both and noise so an unconstrained tree bends the other way in places.
    private static (FeatureMatrix X, double[] Y) RandomData(Random random, int rows, BoostingLoss loss)
    {
        var columns = new float[5][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                columns[j][i] = random.NextDouble() < 0.05 ? float.NaN : (float)((random.NextDouble() * 4) - 2);
            }

            columns[4][i] = random.Next(3);
            var a = float.IsNaN(columns[0][i]) ? 0 : columns[0][i];
            var b = float.IsNaN(columns[1][i]) ? 0 : columns[1][i];
            var score = (0.6 * a) + Math.Sin(3 * a) - (0.6 * b) + Math.Cos(3 * b) + (0.5 * columns[4][i]) + (0.8 * (random.NextDouble() - 0.5));
            y[i] = loss switch
            {
                BoostingLoss.LogLoss => random.NextDouble() < 1 / (1 + Math.Exp(-score)) ? 1 : 0,
                BoostingLoss.SquaredError => score,
                _ => random.NextDouble() < 0.4 ? 0 : Math.Exp(0.5 * score) * (0.5 + random.NextDouble()),
            };
        }

        var specs = new[]
        {
            new FeatureSpec("x0", FeatureKind.Numeric),
            new FeatureSpec("x1", FeatureKind.Numeric),
            new FeatureSpec("x2", FeatureKind.Numeric),
            new FeatureSpec("x3", FeatureKind.Numeric),
            new FeatureSpec("colour", FeatureKind.Categorical, ["red", "green", "blue"]),
        };
        return (FeatureMatrix.Create(new FeatureSchema(specs), columns), y);
    }
}
