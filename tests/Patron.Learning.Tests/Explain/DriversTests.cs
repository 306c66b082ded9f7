using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Learning.Linear;
using Patron.Learning.Tests.Linear;

namespace Patron.Learning.Tests.Explain;

public sealed class DriversTests
{
    [Fact]
    public void Top_MixedContributions_OrdersUpAndDownWithDefaultText()
    {
        var x = new FeatureMatrixBuilder(1)
            .AddNumeric("days_since_order", [142])
            .AddCategorical("channel", ["web"])
            .AddNumeric("orders", [double.NaN])
            .AddBoolean("vip", [1])
            .Build();
        double[] phi = [0.9, -0.2, 0.3, -0.6, -1.5];

        var report = Drivers.Top(phi, x, 0, 2);

        Assert.Equal(["days_since_order", "orders"], report.Up.Select(d => d.Feature));
        Assert.Equal(["vip", "channel"], report.Down.Select(d => d.Feature));
        Assert.Equal("days_since_order = 142", report.Up[0].Text);
        Assert.Equal("orders = missing", report.Up[1].Text);
        Assert.Equal("vip = true", report.Down[0].Text);
        Assert.Equal("channel = web", report.Down[1].Text);
        Assert.Equal(-1.5, report.Baseline);
    }

    [Fact]
    public void Explain_CustomDescriber_UsesRegistryText()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var model = new LogisticRegressionLearner().Fit(x, y, []);
        var report = Drivers.Explain(model, x, 0, 3, new ShoutingDescriber());
        Assert.All(report.Up.Concat(report.Down), d => Assert.StartsWith("FEATURE ", d.Text, StringComparison.Ordinal));
        Assert.True(report.Up.Count + report.Down.Count is > 0 and <= 6);
    }

    [Fact]
    public void PermutationImportance_SignalAndNoise_SignalMatters()
    {
        var n = 1000;
        var rng = new Random(11);
        var signal = new double[n];
        var noise = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            signal[i] = rng.NextDouble();
            noise[i] = rng.NextDouble();
            y[i] = rng.NextDouble() < signal[i] ? 1 : 0;
        }

        var x = new FeatureMatrixBuilder(n).AddNumeric("signal", signal).AddNumeric("noise", noise).Build();
        var model = new LogisticRegressionLearner().Fit(x, y, []);
        var result = PermutationImportance.Compute(model, x, y, "roc_auc", repeats: 3, seed: 1);
        var again = PermutationImportance.Compute(model, x, y, "roc_auc", repeats: 3, seed: 1);

        Assert.True(result.Importance[0] > 0.1, $"signal {result.Importance[0]}");
        Assert.True(Math.Abs(result.Importance[1]) < 0.02, $"noise {result.Importance[1]}");
        Assert.Equal(result.Importance, again.Importance);
    }

    private sealed class ShoutingDescriber : IFeatureDescriber
    {
        public string Describe(FeatureSpec spec, float value, FeatureMatrix x, int row) => "FEATURE " + spec.Name.ToUpperInvariant();
    }
}
