using Patron.Lifetime.Data;
using Patron.Lifetime.Models;
using Patron.Lifetime.Prediction;

namespace Patron.Lifetime.Tests.Prediction;

public sealed class LifetimeFeaturesTests
{
    private static readonly BgNbdModel Model = new(0.2425945, 4.4136019, 0.7929199, 2.4258881);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);

    [Fact]
    public void Compute_Cdnow_NamedColumnsConsistentWithModel()
    {
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummaryWithSpend, TimeUnit.Weeks);

        var columns = LifetimeFeatures.Compute(summary, Model, Spend, [52.0], 0.1);

        var names = new List<string>();
        foreach (var column in columns)
        {
            names.Add(column.Key);
            Assert.Equal(summary.Count, column.Value.Length);
            Assert.All(column.Value, v => Assert.True(double.IsFinite(v)));
        }

        Assert.Equal(["p_alive", "expected_spend", "expected_purchases_52", "p_no_purchase_52", "expected_clv_52"], names);
        var cet = columns[2].Value;
        Assert.Equal(Model.ConditionalExpectedPurchases(52, summary.Frequency[0], summary.Recency[0], summary.Age[0]), cet[0], 12);
        for (var i = 0; i < summary.Count; i++)
        {
            // Discounting and a positive spend: CLV is below undiscounted purchases × spend and positive.
            Assert.InRange(columns[4].Value[i], 0.0, cet[i] * columns[1].Value[i] + 1e-9);
            Assert.InRange(columns[3].Value[i], 0.0, 1.0);
        }
    }

    [Fact]
    public void ExpectedClv_ZeroDiscount_EqualsPurchasesTimesSpend()
    {
        var clv = CustomerValue.Expected(Model, 30.0, 2, 30.43, 38.86, 52, 0.0, TimeUnit.Weeks);

        Assert.Equal(Model.ConditionalExpectedPurchases(52, 2, 30.43, 38.86) * 30.0, clv, 10);
    }

    [Fact]
    public void ExpectedClv_PositiveDiscount_Lower()
    {
        var plain = CustomerValue.Expected(Model, 30.0, 5, 30, 38.86, 104, 0.0, TimeUnit.Weeks);
        var discounted = CustomerValue.Expected(Model, 30.0, 5, 30, 38.86, 104, 0.15, TimeUnit.Weeks);

        Assert.True(discounted < plain);
        Assert.True(discounted > 0.8 * plain);
    }

    [Fact]
    public void ProbabilityNoPurchase_ZeroHorizonIsOneAndDecreases()
    {
        ITransactionModel model = Model;
        Assert.Equal(1.0, model.ProbabilityNoPurchase(0, 3, 20, 38), 12);
        Assert.True(model.ProbabilityNoPurchase(10, 3, 20, 38) > model.ProbabilityNoPurchase(40, 3, 20, 38));
        // A customer who is surely dead never buys again.
        Assert.True(model.ProbabilityNoPurchase(1000, 3, 20, 38) >= 1.0 - model.ProbabilityAlive(3, 20, 38) - 1e-12);
    }
}
