using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Registry;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Build;

public sealed class FeatureBuilderTests
{
    [Theory]
    [InlineData("C1")]
    [InlineData("C2")]
    public void Build_TinyShop_EveryFeatureMatchesTheHandComputedValue(string customer)
    {
        var expected = customer == "C1" ? HandComputed.C1 : HandComputed.C2;
        using var connection = BuildTinyShop();
        var actual = GoldRows.Values(connection, TinyShop.Cutoff, customer);

        foreach (var feature in FeatureRegistry.All)
        {
            Assert.True(expected.ContainsKey(feature.Name), $"{feature.Name} has no hand-computed value for {customer}");
            var want = expected[feature.Name];
            var got = actual[feature.Name];
            if (want is double d)
            {
                Assert.True(got is double, $"{customer}.{feature.Name}: expected {d}, got {got ?? "NULL"}");
                Assert.True(Math.Abs(d - (double)got!) < 1e-9, $"{customer}.{feature.Name}: expected {d}, got {got}");
            }
            else
            {
                Assert.True(Equals(want, got), $"{customer}.{feature.Name}: expected {want ?? "NULL"}, got {got ?? "NULL"}");
            }
        }
    }

    [Fact]
    public void Build_TinyShop_OnlyCustomersWithAPurchaseBeforeTheCutoff()
    {
        using var connection = BuildTinyShop();
        var ids = connection.Query("SELECT customer_id FROM gold.customer_features ORDER BY 1")["customer_id"];
        Assert.Equal(2, ids.Length);
        Assert.Equal("C1", ids.GetString(0));
        Assert.Equal("C2", ids.GetString(1));
    }

    [Fact]
    public void Build_TinyShop_ColumnsAreCustomerCutoffThenTheRegistryInOrder()
    {
        using var connection = BuildTinyShop();
        var columns = connection.Query("SELECT * FROM gold.customer_features LIMIT 0").Columns;
        Assert.Equal(FeatureRegistry.All.Count + 2, columns.Count);
        Assert.Equal("customer_id", columns[0].Name);
        Assert.Equal("cutoff", columns[1].Name);
        for (var i = 0; i < FeatureRegistry.All.Count; i++)
        {
            Assert.Equal(FeatureRegistry.All[i].Name, columns[i + 2].Name);
        }
    }

    [Fact]
    public void Build_TinyShop_LabelsCountTheHorizonOnly()
    {
        using var connection = BuildTinyShop();
        var labels = connection.Query("SELECT * FROM gold.customer_labels ORDER BY customer_id");
        Assert.Equal(2, labels.RowCount);
        // C1 buys O4 (10) on 2024-07-15; C2 buys nothing. p75 of {10, 0} is 7.5, p95 is 9.5.
        Assert.False(labels["churn"].GetBoolean(0));
        Assert.True(labels["repeat"].GetBoolean(0));
        Assert.False(labels["one_time_buyer"].GetBoolean(0));
        Assert.Equal(1, labels["future_orders"].GetInt64(0));
        Assert.Equal(10.0, labels["future_spend"].GetDouble(0), 9);
        Assert.True(labels["high_value"].GetBoolean(0));
        Assert.True(labels["top5"].GetBoolean(0));
        Assert.True(labels["churn"].GetBoolean(1));
        Assert.False(labels["repeat"].GetBoolean(1));
        Assert.True(labels["one_time_buyer"].GetBoolean(1));
        Assert.Equal(0.0, labels["future_spend"].GetDouble(1));
        Assert.False(labels["high_value"].GetBoolean(1));
        Assert.False(labels["top5"].GetBoolean(1));
        Assert.Equal(90, labels["horizon_days"].GetInt32(0));
    }

    [Fact]
    public void Build_TinyShop_ResultReportsRepeatRatesForAllAndOneTimeBuyers()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        var result = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        Assert.Equal(2, result.Customers);
        Assert.Equal(0.5, result.RepeatRate, 12);
        Assert.Equal(0.0, result.RepeatRateOneTimeBuyers, 12);
        Assert.Equal(0.5, result.ChurnRate, 12);
        Assert.Equal(7.5, result.HighValueThreshold, 12);
        Assert.False(result.HorizonCovered); // the last order is 2024-08-01, the horizon ends 2024-09-29
    }

    [Fact]
    public void Build_TinyShop_CrossCategoryHoldsConditionalRatesWithSupport()
    {
        using var connection = BuildTinyShop();
        var rows = connection.Query("SELECT * FROM gold.cross_category ORDER BY category_a");
        Assert.Equal(2, rows.RowCount);
        Assert.Equal("Books", rows["category_a"].GetString(0));
        Assert.Equal("Electronics", rows["category_b"].GetString(0));
        Assert.Equal(1, rows["customers_a"].GetInt64(0));
        Assert.Equal(1, rows["customers_ab"].GetInt64(0));
        Assert.Equal(1.0, rows["probability"].GetDouble(0));
        Assert.Equal("Electronics", rows["category_a"].GetString(1));
        Assert.Equal(2, rows["customers_a"].GetInt64(1));
        Assert.Equal(0.5, rows["probability"].GetDouble(1));
    }

    [Fact]
    public void Build_TwoCutoffs_KeepsBothSideBySide()
    {
        using var connection = BuildTinyShop();
        var (train, test) = FeatureBuilder.BuildOutOfTime(connection, new DateOnly(2024, 4, 1), new DateOnly(2024, 7, 1));
        Assert.Equal(1, train.Customers); // only C1 bought before April
        Assert.Equal(2, test.Customers);
        Assert.Equal(3, connection.Scalar<long>("SELECT count(*) FROM gold.customer_features"));
        Assert.Equal(2, connection.Scalar<long>("SELECT count(DISTINCT cutoff) FROM gold.customer_labels"));
        Assert.Equal(2L, connection.Scalar<long>("SELECT orders FROM gold.customer_features WHERE cutoff = DATE '2024-04-01'"));
    }

    [Fact]
    public void Build_SameCutoffTwice_ReplacesItsRows()
    {
        using var connection = BuildTinyShop();
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        Assert.Equal(2, connection.Scalar<long>("SELECT count(*) FROM gold.customer_features"));
        Assert.Equal(2, connection.Scalar<long>("SELECT count(*) FROM gold.customer_labels"));
    }

    [Fact]
    public void Build_CutoffsRebuiltInAnyOrder_KeysStayUnique()
    {
        using var connection = BuildTinyShop();
        FeatureBuilder.BuildOutOfTime(connection, new DateOnly(2024, 4, 1), new DateOnly(2024, 7, 1));
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = new DateOnly(2024, 4, 1) });
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = new DateOnly(2024, 4, 1), HorizonDays = 30 });
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT customer_id, cutoff FROM gold.customer_features GROUP BY ALL HAVING count(*) > 1)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT customer_id, cutoff, horizon_days FROM gold.customer_labels GROUP BY ALL HAVING count(*) > 1)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT cutoff, category_a, category_b FROM gold.cross_category GROUP BY ALL HAVING count(*) > 1)"));
        Assert.Equal(3, connection.Scalar<long>("SELECT count(*) FROM gold.customer_features"));
        Assert.Equal(4, connection.Scalar<long>("SELECT count(*) FROM gold.customer_labels")); // 2024-07-01 × 90 days (two customers), 2024-04-01 × 90 and × 30 days (one)
    }

    [Fact]
    public void Build_GoldTablesWithAPrimaryKey_AreRewrittenWithoutItKeepingTheirRows()
    {
        using var connection = BuildTinyShop();
        connection.Execute("""
            CREATE TABLE gold.old_labels AS SELECT * FROM gold.customer_labels;
            DROP TABLE gold.customer_labels;
            CREATE TABLE gold.customer_labels (customer_id VARCHAR NOT NULL, cutoff DATE NOT NULL, horizon_days INTEGER NOT NULL,
                churn BOOLEAN NOT NULL, "repeat" BOOLEAN NOT NULL, one_time_buyer BOOLEAN NOT NULL, future_orders BIGINT NOT NULL,
                future_spend DOUBLE NOT NULL, high_value BOOLEAN NOT NULL, top5 BOOLEAN NOT NULL, PRIMARY KEY (customer_id, cutoff, horizon_days));
            INSERT INTO gold.customer_labels SELECT * FROM gold.old_labels;
            DROP TABLE gold.old_labels;
            """);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = new DateOnly(2024, 4, 1) });
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'gold' AND constraint_type = 'PRIMARY KEY'"));
        Assert.Equal(3, connection.Scalar<long>("SELECT count(*) FROM gold.customer_labels"));
    }

    [Fact]
    public void Build_FailureHalfway_LeavesGoldAsItWas()
    {
        using var connection = BuildTinyShop();
        var before = connection.Scalar<long>("SELECT count(*) FROM gold.customer_features");
        // A customer_labels table of another shape makes the label insert fail after the features were written.
        connection.Execute("DROP TABLE gold.customer_labels; CREATE TABLE gold.customer_labels (customer_id VARCHAR, cutoff DATE, horizon_days INTEGER, x INTEGER);");
        Assert.ThrowsAny<DuckDbException>(() => FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = new DateOnly(2024, 4, 1) }));
        Assert.Equal(before, connection.Scalar<long>("SELECT count(*) FROM gold.customer_features"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM gold.customer_features WHERE cutoff = DATE '2024-04-01'"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Build_RebuildFailingBeforeTheGoldTransaction_KeepsTheCutoffsRowsAndLeavesNothingBehind(int partitions)
    {
        using var connection = BuildTinyShop(partitions);
        const string Rows = "SELECT md5(string_agg(f::VARCHAR, '|' ORDER BY customer_id)) FROM gold.customer_features f";
        var before = connection.Scalar<string>(Rows);
        // Customer versions replaced by a table without the columns the side stream reads: the build fails before gold is touched.
        connection.Execute("ALTER TABLE silver.customer_versions RENAME TO versions_kept; CREATE TABLE silver.customer_versions AS SELECT customer_id FROM silver.versions_kept;");

        Assert.ThrowsAny<DuckDbException>(() => FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff, Partitions = partitions }));

        Assert.Equal(before, connection.Scalar<string>(Rows));
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.customer_features") > 0);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary"));
    }

    [Fact]
    public void Build_EmptyWarehouse_WritesEmptyTables()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var result = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        Assert.Equal(0, result.Customers);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM gold.customer_features"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Build_TinyShop_KpisMatchTheOrders(int partitions)
    {
        using var connection = BuildTinyShop(partitions);
        // Before the cutoff: net revenue 60 (C1) + 105 (C2); C3's return belongs to nobody in the population.
        Assert.Equal(165.0, connection.Scalar<double>("SELECT sum(revenue) FROM gold.kpi_monthly"), 9);
        Assert.Equal(4L, connection.Scalar<long>("SELECT sum(orders) FROM gold.kpi_daily"));
        Assert.Equal(2L, connection.Scalar<long>("SELECT customers FROM gold.kpi_cohort WHERE cohort_month = DATE '2024-01-01'") +
                         connection.Scalar<long>("SELECT customers FROM gold.kpi_cohort WHERE cohort_month = DATE '2024-06-01'"));
        Assert.Equal(1.0, connection.Scalar<double>("SELECT retention FROM gold.kpi_cohort_retention WHERE cohort_month = DATE '2024-01-01' AND months_since_first = 5"));
        Assert.Equal(2L, connection.Scalar<long>("SELECT orders FROM gold.kpi_weekday WHERE weekday = 7") +
                         connection.Scalar<long>("SELECT orders FROM gold.kpi_weekday WHERE weekday = 6"));
        // Funnel: P1 viewed in E1 and E2, carted in E1; P3 went all the way in E3.
        Assert.Equal(2L, connection.Scalar<long>("SELECT views FROM gold.kpi_funnel_product WHERE product_id = 'P1'"));
        Assert.Equal(0.5, connection.Scalar<double>("SELECT view_to_cart FROM gold.kpi_funnel_product WHERE product_id = 'P1'"));
        Assert.Equal(1.0, connection.Scalar<double>("SELECT view_to_purchase FROM gold.kpi_funnel_product WHERE product_id = 'P3'"));
        Assert.Equal(90.0 + 100.0 - 90.0, connection.Scalar<double>("SELECT revenue FROM gold.kpi_category WHERE category = 'Electronics'"), 9);
        Assert.Equal(105.0, connection.Scalar<double>("SELECT revenue FROM gold.kpi_channel WHERE acquisition_channel = 'paid_search'"), 9);
    }

    private static DuckDbConnection BuildTinyShop(int partitions = 1)
    {
        var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff, Partitions = partitions });
        return connection;
    }
}
