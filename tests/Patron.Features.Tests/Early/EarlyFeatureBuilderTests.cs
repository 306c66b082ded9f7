using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Early;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Early;

public sealed class EarlyFeatureBuilderTests
{
    private static readonly DateOnly Cutoff = new(2024, 4, 1);

    /// <summary>A shop of an old customer and three new ones, values worked out by hand.</summary>
    private static SilverShop HandShop()
    {
        var shop = new SilverShop()
            .Product("P1", "Books", null, null)
            .Product("P2", "Games", null, null)
            .Product("SHIP", null, null, null, nonProduct: true)
            .Customer("OLD", "2023-01-01 00:00:00", 40, "DE", "gmail.com", "organic")
            .Customer("NEW1", "2024-03-01 00:00:00", 30, "FR", "firm.com", "social")
            .Customer("NEW2", null, null, null, null, "paid")
            .Customer("EDGE", null, null, null, null, null);
        // OLD bought 60 days before the cutoff: not in the cohort, but in the population whose spend sets the thresholds.
        shop.Order("O1", "OLD", "2024-02-01 10:00:00", "card", [new Line("P1", 1, 50)]);
        // NEW1: first basket on Friday 2024-03-22 (10 days before): 2 × 10 Books, 1 × 30 Games with 3 off, shipping 5 = 52.
        shop.Order("N1", "NEW1", "2024-03-22 09:00:00", "card", [new Line("P1", 2, 10), new Line("P2", 1, 30, 3), new Line("SHIP", 1, 5)]);
        shop.Order("N2", "NEW1", "2024-03-29 12:00:00", "card", [new Line("P2", 1, 40)]);
        shop.Return("R1", "NEW1", "2024-03-30 08:00:00", new Line("P2", -1, 40));
        shop.Session("S1", "NEW1", "2024-03-20 08:00:00", 100, 4, false);
        shop.Session("S2", "NEW1", "2024-03-25 08:00:00", 300, 8, true);
        shop.Session("S0", "NEW1", "2024-02-20 08:00:00", 999, 99, false);
        // NEW2: one basket exactly 30 days before the cutoff (the window's first instant).
        shop.Order("M1", "NEW2", "2024-03-02 00:00:00", "paypal", [new Line("P1", 1, 20)]);
        // EDGE: first purchase one second before the window: not new enough.
        shop.Order("E1", "EDGE", "2024-03-01 23:59:59", "card", [new Line("P1", 1, 20)]);
        // The horizon: NEW1 spends 500, OLD 100, NEW2 nothing, EDGE 10.
        shop.Order("F1", "NEW1", "2024-05-01 10:00:00", "card", [new Line("P2", 10, 50)]);
        shop.Order("F2", "OLD", "2024-06-01 10:00:00", "card", [new Line("P1", 2, 50)]);
        shop.Order("F3", "EDGE", "2024-06-01 10:00:00", "card", [new Line("P1", 1, 10)]);
        return shop;
    }

    [Fact]
    public void Build_HandShop_CohortFeaturesAndLabelsAsDefined()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        HandShop().WriteTo(connection);

        var result = EarlyFeatureBuilder.Build(connection, Cutoff, 365);

        Assert.Equal(2, result.Customers);
        var rows = GoldRows.Read(connection, "SELECT * FROM gold.early_features ORDER BY customer_id");
        Assert.Equal(["NEW1", "NEW2"], rows.Keys.Order(StringComparer.Ordinal));
        var n1 = rows["NEW1"];
        Assert.Equal("52", n1["first_order_value"]);
        Assert.Equal("3", n1["first_order_items"]);
        Assert.Equal("3", n1["first_order_lines"]);
        Assert.Equal("2", n1["first_order_categories"]);
        Assert.Equal("Games", n1["first_order_category"]);
        Assert.Equal("1", n1["first_order_discount"]);
        Assert.Equal("5", n1["first_order_weekday"]);
        Assert.Equal("10", n1["days_since_first_order"]);
        Assert.Equal("2", n1["orders_30d"]);
        Assert.Equal("52", n1["spend_30d"]);
        Assert.Equal("4", n1["items_30d"]);
        Assert.Equal("2", n1["distinct_categories_30d"]);
        Assert.Equal("0.5", n1["discount_order_share_30d"]);
        Assert.Equal("1", n1["return_orders_30d"]);
        Assert.Equal("2", n1["sessions_30d"]);
        Assert.Equal("1", n1["sessions_before_first_order"]);
        Assert.Equal("200", n1["session_duration_mean_30d"]);
        Assert.Equal("6", n1["views_per_session_30d"]);
        Assert.Equal("social", n1["acquisition_channel"]);
        Assert.Equal("FR", n1["country"]);
        Assert.Equal("21", n1["days_registration_to_first_purchase"]);
        var n2 = rows["NEW2"];
        Assert.Equal("30", n2["days_since_first_order"]);
        Assert.Equal("0", n2["sessions_30d"]);
        Assert.Equal("∅", n2["session_duration_mean_30d"]);
        Assert.Equal("Books", n2["first_order_category"]);
        Assert.Equal("∅", n2["days_registration_to_first_purchase"]);

        // Population OLD 100, NEW1 500, NEW2 0, EDGE 10: p95 = 440 and p75 = 200 (quantile_cont), so NEW1 is in both.
        var labels = GoldRows.Read(connection, "SELECT * FROM gold.early_labels ORDER BY customer_id");
        Assert.Equal("500", labels["NEW1"]["future_spend"]);
        Assert.Equal("true", labels["NEW1"]["top5"]);
        Assert.Equal("true", labels["NEW1"]["top25"]);
        Assert.Equal("false", labels["NEW2"]["top5"]);
        Assert.Equal("false", labels["NEW2"]["top25"]);
        Assert.Equal("365", labels["NEW2"]["horizon_days"]);
        Assert.Equal((1, 1), (result.Top5, result.Top25));
    }

    [Fact]
    public void Build_Twice_ReplacesTheCutoffsRowsAndKeepsOtherCutoffs()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        HandShop().WriteTo(connection);
        EarlyFeatureBuilder.Build(connection, Cutoff, 365);
        EarlyFeatureBuilder.Build(connection, Cutoff.AddDays(-20), 365);
        EarlyFeatureBuilder.Build(connection, Cutoff, 365);
        EarlyFeatureBuilder.Build(connection, Cutoff, 90);

        Assert.Equal(2, EarlyFeatureBuilder.CountAt(connection, Cutoff));
        // 2024-03-12: NEW2 and EDGE are new then; NEW1 has not bought yet.
        Assert.Equal(2, EarlyFeatureBuilder.CountAt(connection, Cutoff.AddDays(-20)));
        Assert.Equal(4, connection.Scalar<long>("SELECT count(*) FROM gold.early_labels WHERE cutoff = DATE '2024-04-01'"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'fe\\_%' ESCAPE '\\'"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Build_RandomShop_LabelsEqualThePopulationsTop5AndHighValue(int seed)
    {
        var shop = new RandomShop(seed, Cutoff);
        using var connection = DuckDbConnection.OpenInMemory();
        shop.Build().WriteTo(connection);
        NewCustomers(seed, Cutoff).WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, HorizonDays = 120, Kpis = false });
        EarlyFeatureBuilder.Build(connection, Cutoff, 120);

        Assert.True(EarlyFeatureBuilder.CountAt(connection, Cutoff) >= 3);
        Assert.Equal(0, connection.Scalar<long>("""
            SELECT count(*) FROM gold.early_labels e
            LEFT JOIN gold.customer_labels c ON c.customer_id = e.customer_id AND c.cutoff = e.cutoff AND c.horizon_days = e.horizon_days
            WHERE c.customer_id IS NULL OR c.top5 <> e.top5 OR c.high_value <> e.top25 OR abs(c.future_spend - e.future_spend) > 1e-9
            """));
        // The cohort is exactly the customers of the cutoff whose first purchase is at most 30 days old.
        Assert.Equal(0, connection.Scalar<long>("""
            SELECT count(*) FROM (SELECT * FROM gold.customer_features WHERE cutoff = DATE '2024-04-01') c
            FULL JOIN gold.early_features e ON e.customer_id = c.customer_id AND e.cutoff = c.cutoff
            WHERE c.customer_id IS NULL OR ((c.days_since_first_order <= 30) <> (e.customer_id IS NOT NULL))
            """));
    }

    /// <summary>Customers whose first purchase falls in the 30 days before <paramref name="cutoff"/>, with sessions and
    /// purchases on both sides of it.</summary>
    internal static SilverShop NewCustomers(int seed, DateOnly cutoff)
    {
        var random = new Random(seed * 7919);
        var shop = new SilverShop();
        var start = cutoff.ToDateTime(TimeOnly.MinValue).AddDays(-30);
        var count = random.Next(3, 7);
        for (var c = 1; c <= count; c++)
        {
            var id = $"N{c}";
            shop.Customer(id, Stamp(start.AddDays(-random.Next(0, 60))), random.Next(18, 70), c % 2 == 0 ? "DE" : "FR", "gmail.com", c % 3 == 0 ? "social" : "paid");
            var first = start.AddSeconds(random.Next(0, 30 * 86400));
            shop.Session($"{id}-S0", id, Stamp(first.AddHours(-random.Next(1, 200))), random.Next(10, 600), random.Next(1, 30), false);
            shop.Order($"{id}-O1", id, Stamp(first), "card",
                [new Line($"P{random.Next(1, 8)}", random.Next(1, 4), Math.Round(5 + random.NextDouble() * 80, 2), random.Next(3) == 0 ? 2 : 0)]);
            if (random.Next(2) == 0)
            {
                var second = first.AddSeconds(random.Next(1, (int)(cutoff.ToDateTime(TimeOnly.MinValue) - first).TotalSeconds));
                shop.Order($"{id}-O2", id, Stamp(second), "paypal", [new Line($"P{random.Next(1, 8)}", 1, Math.Round(10 + random.NextDouble() * 50, 2))]);
            }

            for (var f = 0; f < random.Next(0, 4); f++)
            {
                shop.Order($"{id}-F{f}", id, Stamp(cutoff.ToDateTime(TimeOnly.MinValue).AddDays(random.Next(0, 110))), "card",
                    [new Line($"P{random.Next(1, 8)}", random.Next(1, 6), Math.Round(10 + random.NextDouble() * 200, 2))]);
            }
        }

        return shop;
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
