using System.Globalization;
using Patron.Lifetime.Data;

namespace Patron.Lifetime.Tests.Data;

public sealed class CustomerSummaryBuilderTests
{
    [Fact]
    public void Build_CdnowSampleAt39Weeks_EqualsPublishedSummaryForEveryCustomer()
    {
        // Source: published-values.md, CDNOW 1/10 sample with a 39-week calibration period ending 1997-09-30;
        // the summary must equal cdnow_customers_summary_with_transactions.csv (values published to 2 decimals).
        var log = TransactionLog.ReadCdnow(SharedData.CdnowSample);
        var published = CustomerSummaryCsv.Read(SharedData.CdnowSummaryWithSpend, TimeUnit.Weeks);

        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);

        Assert.Equal(published.Count, summary.Count);
        Assert.Equal(39.0, summary.HoldoutLength, 12);
        var byId = new Dictionary<int, int>();
        for (var i = 0; i < summary.Count; i++)
        {
            byId.Add(int.Parse(summary.CustomerIds[i], CultureInfo.InvariantCulture), i);
        }

        for (var p = 0; p < published.Count; p++)
        {
            var i = byId[int.Parse(published.CustomerIds[p], CultureInfo.InvariantCulture)];
            var id = published.CustomerIds[p];
            Assert.True(published.Frequency[p] == summary.Frequency[i], $"customer {id}: x");
            Assert.True(published.Recency[p] == Math.Round(summary.Recency[i], 2), $"customer {id}: t_x {summary.Recency[i]}");
            Assert.True(published.Age[p] == Math.Round(summary.Age[i], 2), $"customer {id}: T {summary.Age[i]}");
            // Mean spend is published rounded to cents; a computed x.xx5 may sit on either side of the rounding point.
            Assert.True(Math.Abs(published.MeanRepeatSpend![p] - summary.MeanRepeatSpend![i]) <= 0.005 + 1e-9, $"customer {id}: zbar {summary.MeanRepeatSpend[i]}");
        }
    }

    [Fact]
    public void Build_SameDayPurchases_CountAsOneTransaction()
    {
        var day = new DateOnly(2024, 1, 1).DayNumber;
        var log = new TransactionLog(
            ["a", "a", "a", "a", "b", "a"],
            [day, day, day + 7, day + 7, day + 3, day + 30],
            [10.0, 5.0, 20.0, 1.0, 8.0, 4.0]);

        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(2024, 1, 15), new DateOnly(2024, 2, 14), TimeUnit.Days);

        Assert.Equal(["a", "b"], summary.CustomerIds);
        Assert.Equal([1, 0], summary.Frequency);
        Assert.Equal([7.0, 0.0], summary.Recency);
        Assert.Equal([14.0, 11.0], summary.Age);
        Assert.Equal([21.0, 0.0], summary.MeanRepeatSpend!);
        Assert.Equal([1, 0], summary.HoldoutFrequency!);
        Assert.Equal([4.0, 0.0], summary.HoldoutSpend!);
        Assert.Equal(30.0, summary.HoldoutLength);
    }

    [Fact]
    public void Build_FirstPurchaseAfterCutoff_CustomerExcluded()
    {
        var day = new DateOnly(2024, 1, 1).DayNumber;
        var log = new TransactionLog(["a", "late"], [day, day + 40], [1.0, 1.0]);

        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(2024, 1, 10), null, TimeUnit.Weeks);

        Assert.Equal(["a"], summary.CustomerIds);
        Assert.Null(summary.HoldoutFrequency!);
        Assert.Equal(9.0 / 7.0, summary.Age[0], 12);
    }
}
