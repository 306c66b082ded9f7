using Patron.Learning.Data;
using Patron.Learning.Linear;
using Patron.Learning.Tests.Golden;

namespace Patron.Learning.Tests.Linear;

public sealed class LogisticRegressionLearnerTests
{
    // Expected values: scikit-learn LogisticRegression(penalty='l2', solver='lbfgs', tol=1e-12), see Golden/make_golden.py.
    private const double CoefficientTolerance = 1e-4;

    [Theory]
    [InlineData("logistic_raw", false, false)]
    [InlineData("logistic_weighted", false, true)]
    [InlineData("logistic_standardized", true, false)]
    public void Fit_FixedDataSet_MatchesScikitLearnCoefficients(string section, bool standardize, bool weighted)
    {
        var (x, y, w) = LoadLogisticData();
        var expected = GoldenFiles.Values(section);
        var options = new LogisticRegressionOptions
        {
            C = expected.GetProperty("C").GetDouble(),
            Standardize = standardize,
            PositiveClassWeight = weighted ? expected.GetProperty("positive_class_weight").GetDouble() : null,
            Tolerance = 1e-9,
            FunctionTolerance = 0,
            MaxIterations = 5000,
        };

        var model = new LogisticRegressionLearner(options).Fit(x, y, weighted ? w : []);

        var coef = GoldenFiles.Array(expected.GetProperty("coef"));
        Assert.Equal(coef.Length, model.Terms.Count);
        for (var j = 0; j < coef.Length; j++)
        {
            Assert.Equal(LinearTermKind.Value, model.Terms[j].Kind);
            Assert.True(Math.Abs(coef[j] - model.Terms[j].Coefficient) <= CoefficientTolerance, $"coef {j}: sklearn {coef[j]}, Patron {model.Terms[j].Coefficient}");
        }

        var intercept = expected.GetProperty("intercept").GetDouble();
        Assert.True(Math.Abs(intercept - model.Intercept) <= CoefficientTolerance, $"intercept: sklearn {intercept}, Patron {model.Intercept}");
    }

    [Fact]
    public void Fit_SameSeedSameData_SameModelBytes()
    {
        var (x, y, _) = LoadLogisticData();
        var learner = new LogisticRegressionLearner(new LogisticRegressionOptions { Seed = 7, L1Ratio = 0.3 });
        var first = Patron.Learning.Serialization.ModelSerializer.ToBytes(learner.Fit(x, y, []));
        var second = Patron.Learning.Serialization.ModelSerializer.ToBytes(new LogisticRegressionLearner(new LogisticRegressionOptions { Seed = 7, L1Ratio = 0.3 }).Fit(x, y, []));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Fit_StrongL1_ZeroesUselessFeatures()
    {
        var rows = 2000;
        var rng = new Random(3);
        var signal = new double[rows];
        var noise = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            signal[i] = (rng.NextDouble() * 2) - 1;
            noise[i] = (rng.NextDouble() * 2) - 1;
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-3 * signal[i])) ? 1 : 0;
        }

        var x = new FeatureMatrixBuilder(rows).AddNumeric("signal", signal).AddNumeric("noise", noise).Build();
        var model = new LogisticRegressionLearner(new LogisticRegressionOptions { C = 0.01, L1Ratio = 1.0 }).Fit(x, y, []);

        Assert.True(model.Terms[0].Coefficient > 0.5, $"signal coefficient {model.Terms[0].Coefficient}");
        Assert.Equal(0.0, model.Terms[1].Coefficient);
    }

    [Fact]
    public void Fit_MissingAndCategorical_ImputesMedianAddsIndicatorAndOneHot()
    {
        var age = new[] { 20.0, double.NaN, 40, 50, double.NaN, 30, 60, 25 };
        var channel = new string?[] { "web", "store", "web", null, "store", "web", "app", "app" };
        var y = new double[] { 0, 1, 0, 1, 1, 0, 1, 0 };
        var x = new FeatureMatrixBuilder(8).AddNumeric("age", age).AddCategorical("channel", channel).Build();

        var model = new LogisticRegressionLearner(new LogisticRegressionOptions { C = 10 }).Fit(x, y, []);

        string[] names = [.. model.Terms.Select(t => t.Name(x.Schema))];
        Assert.Equal(["age", "age (missing)", "channel=app", "channel=store", "channel=web", "channel (missing)"], names);
        Assert.Equal(35.0, model.Terms[0].Fill); // median of 20, 25, 30, 40, 50, 60
        var p = new double[8];
        model.Predict(x, p);
        Assert.All(p, v => Assert.InRange(v, 0.0, 1.0));
    }

    [Fact]
    public void Contributions_AnyRow_SumToRawScore()
    {
        var (x, y, _) = LoadLogisticData();
        var model = new LogisticRegressionLearner().Fit(x, y, []);
        var raw = new double[x.RowCount];
        model.PredictRaw(x, raw);
        var phi = new double[x.ColumnCount + 1];
        for (var row = 0; row < 20; row++)
        {
            model.Contributions(x, row, phi);
            Assert.Equal(raw[row], phi.Sum(), 10);
        }
    }

    [Fact]
    public void Fit_BalancedClassWeights_RaisesMeanPredictionOfRareClass()
    {
        var (x, y, _) = LoadLogisticData();
        var plain = new LogisticRegressionLearner().Fit(x, y, []);
        var balanced = new LogisticRegressionLearner(new LogisticRegressionOptions { BalancedClassWeights = true }).Fit(x, y, []);
        var a = new double[x.RowCount];
        var b = new double[x.RowCount];
        plain.Predict(x, a);
        balanced.Predict(x, b);
        var positiveShare = y.Average();
        Assert.Equal(positiveShare < 0.5, b.Average() > a.Average());
    }

    [Fact]
    public void Fit_IdentifierLikeCategory_RefusedWithHint()
    {
        var n = 1500;
        var ids = Enumerable.Range(0, n).Select(i => (string?)("c" + i)).ToArray();
        var x = new FeatureMatrixBuilder(n).AddCategorical("customer", ids).Build();
        var y = Enumerable.Range(0, n).Select(i => (double)(i % 2)).ToArray();
        var e = Assert.Throws<ArgumentException>(() => new LogisticRegressionLearner().Fit(x, y, []));
        Assert.Contains("--id customer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_InvalidC_Throws() =>
        Assert.Throws<ArgumentException>(() => new LogisticRegressionLearner(new LogisticRegressionOptions { C = 0 }));

    [Fact]
    public void Fit_SingleClass_ThrowsClearError()
    {
        var x = new FeatureMatrixBuilder(3).AddNumeric("a", [1.0, 2, 3]).Build();
        var e = Assert.Throws<ArgumentException>(() => new LogisticRegressionLearner().Fit(x, [1.0, 1, 1], []));
        Assert.Contains("both classes", e.Message, StringComparison.Ordinal);
    }

    internal static (FeatureMatrix X, double[] Y, double[] W) LoadLogisticData()
    {
        var table = GoldenFiles.Table("logistic.csv");
        var builder = new FeatureMatrixBuilder(table.RowCount);
        for (var j = 0; j < 5; j++)
        {
            builder.AddNumeric($"x{j}", GoldenFiles.Numbers(table, $"x{j}"));
        }

        return (builder.Build(), GoldenFiles.Numbers(table, "y"), GoldenFiles.Numbers(table, "w"));
    }
}
