using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Lifetime;
using Patron.Features.Sessions;
using Patron.Features.Store;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Store;

public sealed class FeatureStoreTests
{
    [Fact]
    public void HasCustomerGold_FeaturesThenLifetime_TrueOnlyWhenBothAreBuilt()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        var builds = new List<(DateOnly, int)> { (TinyShop.Cutoff, 90) };
        Assert.False(FeatureStore.HasCustomerGold(connection, builds));

        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        Assert.False(FeatureStore.HasCustomerGold(connection, builds));
        LifetimeScores.Build(connection, TinyShop.Cutoff, [90]);

        Assert.True(FeatureStore.HasCustomerGold(connection, builds));
        Assert.False(FeatureStore.HasCustomerGold(connection, [(TinyShop.Cutoff, 30)]));
        Assert.True(FeatureStore.HasSessionGold(connection, null));
        Assert.False(FeatureStore.HasSessionGold(connection, SessionKind.Web));
    }

    [Fact]
    public void SilverFingerprint_SilverChanges_Changes()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        var before = FeatureStore.SilverFingerprint(connection);

        connection.Execute("DELETE FROM silver.order_lines WHERE order_id = 'O1'");

        Assert.NotEqual(before, FeatureStore.SilverFingerprint(connection));
        Assert.NotNull(FeatureStore.LastPurchase(connection));
        Assert.Equal("no sessions", FeatureStore.SessionFingerprint(connection, null));
    }

    [Fact]
    public void KpiQueries_TinyShopGold_EveryQueryRunsAtTheCutoff()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });

        var queries = KpiQueries.At(TinyShop.Cutoff);

        Assert.Equal(["monthly", "cohort_retention", "categories", "weekday", "month_of_year", "segments", "cross_category", "daily"], queries.Select(q => q.Name));
        using var daily = connection.Query(queries.Single(q => q.Name == "daily").Sql);
        using var kpiDaily = connection.Query("SELECT min(day) AS lo, max(day) AS hi, sum(revenue) AS revenue FROM gold.kpi_daily");
        Assert.Equal(kpiDaily["hi"].GetDate(0).DayNumber - kpiDaily["lo"].GetDate(0).DayNumber + 1, daily.RowCount);
        var sum = 0.0;
        for (var i = 0; i < daily.RowCount; i++)
        {
            sum += daily["revenue"].GetDouble(i);
        }

        Assert.Equal(kpiDaily["revenue"].GetDouble(0), sum, 6);
        using var segments = connection.Query(queries.Single(q => q.Name == "segments").Sql);
        Assert.Equal(2, SumCustomers(segments));
    }

    private static long SumCustomers(DuckDbResult result)
    {
        long sum = 0;
        for (var i = 0; i < result.RowCount; i++)
        {
            sum += result["customers"].GetInt64(i);
        }

        return sum;
    }
}
