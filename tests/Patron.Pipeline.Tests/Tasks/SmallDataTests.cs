using Patron.Features.Registry;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class SmallDataTests
{
    [Theory]
    [InlineData(1_000, 3, 20, 10, 0.1, 100, 0.05, 0.8)]
    [InlineData(2_000, 3, 20, 10, 0.1, 100, 0.05, 0.8)]
    [InlineData(4_000, 3, 20, 8.9233, 0.1, 176, 0.05, 0.8)]
    [InlineData(20_000, 4, 40, 6.4233, 0.4, 200, 0.05, 0.8)]
    [InlineData(49_999, 4, 99.998, 5.0000, 0.99998, 200, 0.05, 0.8)]
    [InlineData(50_000, 4, 100, 5, 1, 200, 0.1, 0.5)]
    [InlineData(500_000, 4, 100, 5, 1, 200, 0.1, 0.5)]
    public void Boosting_ScalesDepthLeafSizeL2RoundsAndC_WithTheRows(int rows, int depth, double minChildRows, double lambdaRows, double c, int rounds, double learningRate, double rowSample)
    {
        var y = new double[] { 1, 0, 0, 0 };
        var options = SmallData.Boosting(new PipelineOptions { Source = "generic", Input = "shop", OutputDirectory = "run", BoostingRounds = 200 }, BoostingLoss.LogLoss, rows, y, null);

        // Positive rate 1/4: the mean starting hessian of the log loss is 0.25 * 0.75 per row.
        Assert.Equal(depth, options.MaxDepth);
        Assert.Equal(minChildRows * 0.1875, options.MinChildWeight, 9);
        Assert.Equal(lambdaRows * 0.1875, options.Lambda, 3);
        Assert.Equal(rounds, options.Rounds);
        Assert.Equal(c, SmallData.LogisticC(rows), 9);

        // From 50,000 rows: twice the shrinkage and half the rows per tree (fewer, cheaper trees; docs/pipeline.md).
        Assert.Equal(learningRate, options.LearningRate);
        Assert.Equal(rowSample, options.RowSample);
        Assert.Equal(0.8, options.ColumnSample);
    }

    [Theory]
    [InlineData(BoostingLoss.Tweedie)]
    [InlineData(BoostingLoss.Poisson)]
    [InlineData(BoostingLoss.LogLoss)]
    public void MeanStartingHessian_IsTheMeanSecondDerivativeOfTheLossAtTheLabelMean(BoostingLoss loss)
    {
        var random = new Random(4);
        var y = new double[500];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = loss == BoostingLoss.LogLoss ? (random.NextDouble() < 0.3 ? 1 : 0) : random.NextDouble() < 0.6 ? 0 : 400 * random.NextDouble();
        }

        var mean = y.Average();
        var start = loss == BoostingLoss.LogLoss ? Math.Log(mean / (1 - mean)) : Math.Log(mean);
        const double rho = 1.5;
        const double step = 1e-4;
        double sum = 0;
        foreach (var v in y)
        {
            // Central second difference of the per-row loss at the starting raw score.
            sum += (Loss(v, start + step) - (2 * Loss(v, start)) + Loss(v, start - step)) / (step * step);
        }

        Assert.Equal(sum / y.Length, SmallData.MeanStartingHessian(loss, y, rho), 3);

        double Loss(double label, double raw) => loss switch
        {
            BoostingLoss.Tweedie => (-label * Math.Exp((1 - rho) * raw) / (1 - rho)) + (Math.Exp((2 - rho) * raw) / (2 - rho)),
            BoostingLoss.Poisson => Math.Exp(raw) - (label * raw),
            _ => Math.Log(1 + Math.Exp(raw)) - (label * raw),
        };
    }

    [Fact]
    public void Constraints_KeepsNumericFeaturesOfTheSchemaAndAppliesTheTaskSign()
    {
        var schema = new FeatureSchema(
        [
            new FeatureSpec("orders", FeatureKind.Numeric),
            new FeatureSpec("days_since_last_order", FeatureKind.Numeric),
            new FeatureSpec("r_score", FeatureKind.Categorical, ["1", "2"]),
            new FeatureSpec("avg_order_value", FeatureKind.Numeric),
        ]);

        var churn = SmallData.Constraints(FeatureRegistry.BuyingDirections, -1, schema)!;
        var clv = SmallData.Constraints(FeatureRegistry.BuyingDirections, 1, schema)!;

        Assert.Equal(new Dictionary<string, int> { ["days_since_last_order"] = 1, ["orders"] = -1 }, churn);
        Assert.Equal(new Dictionary<string, int> { ["days_since_last_order"] = -1, ["orders"] = 1 }, clv);
        Assert.Null(SmallData.Constraints(FeatureRegistry.BuyingDirections, 0, schema));
        Assert.Null(SmallData.Constraints(FeatureRegistry.BuyingDirections, 1, new FeatureSchema([new FeatureSpec("page_views", FeatureKind.Numeric)])));
    }

    [Fact]
    public void BuyingDirections_NameNumericRegistryFeatures()
    {
        Assert.NotEmpty(FeatureRegistry.BuyingDirections);
        foreach (var (name, direction) in FeatureRegistry.BuyingDirections)
        {
            var feature = FeatureRegistry.Find(name);
            Assert.True(feature is not null, $"{name} is not a registry feature");
            Assert.NotEqual(FeatureType.Category, feature.Type);
            Assert.Contains(direction, new[] { -1, 1 });
        }

        Assert.Equal(-1, FeatureRegistry.BuyingDirections["days_since_last_order"]);
        Assert.Equal(1, FeatureRegistry.BuyingDirections["net_revenue"]);
        Assert.Equal(-1, TaskSpec.Get("churn").BuyingSign);
        Assert.All(new[] { "repeat", "high_value", "clv" }, t => Assert.Equal(1, TaskSpec.Get(t).BuyingSign));
    }
}
