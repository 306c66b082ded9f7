using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Sessions;

namespace Patron.Features.Tests.Sessions;

/// <summary>
/// Session features of a tiny shop, worked out by hand. Window [2024-06-01, 2024-07-01). C1 visited on 2024-05-01 09:00
/// (S1, bought) and bought O1 (50) an hour later; on Monday 2024-06-10 12:00 two sessions start at the same instant (S2,
/// which bought O2 at that instant, and S3); S4 is on Sunday 2024-06-16 20:30. A1 is anonymous (ingested twice, kept once); S5 starts exactly at
/// the window's end and S6 has no start time, so neither gets a row.
/// </summary>
public sealed class SessionFeatureBuilderTests
{
    private static readonly DateTime From = new(2024, 6, 1);
    private static readonly DateTime To = new(2024, 7, 1);

    [Fact]
    public void Build_TinyShop_EveryFeatureAsComputedByHand()
    {
        using var connection = Tiny();
        var result = SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To });

        Assert.Equal(4, result.Sessions);
        Assert.Equal(1, result.Purchases);
        Assert.Equal(3, result.KnownVisitors);
        Assert.Equal(1, result.Undated);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'sx_kernel%'"));

        // S2: its own order O2 and its twin S3 start at the same instant, so neither counts as history.
        Expect(connection, "S2", new()
        {
            ["customer_id"] = "C1", ["duration_sec"] = 300.0, ["page_views"] = 6L, ["hour_band"] = "afternoon", ["weekday"] = 1L, ["is_weekend"] = 0L,
            ["names_product"] = 1L, ["product_category"] = "Books", ["product_price_band"] = "mid", ["known_visitor"] = 1L,
            ["prior_sessions"] = 1L, ["prior_purchase_sessions"] = 1L, ["prior_purchase_session_share"] = 1.0,
            ["prior_mean_duration_sec"] = 100.0, ["prior_mean_page_views"] = 2.0,
            ["days_since_prior_session"] = 40 + (3 / 24.0), // 05-01 09:00 → 06-10 12:00
            ["prior_orders"] = 1L, ["prior_spend"] = 50.0, ["days_since_prior_order"] = 40 + (2 / 24.0),
        });
        Expect(connection, "S3", new()
        {
            ["duration_sec"] = 60.0, ["page_views"] = 1L, ["names_product"] = 0L, ["product_category"] = null, ["product_price_band"] = null,
            ["prior_sessions"] = 1L, ["prior_purchase_sessions"] = 1L, ["prior_orders"] = 1L, ["prior_spend"] = 50.0,
        });

        // S4: S1, S2 and S3 before it (two bought); O1 and O2 (30; its 1,000 outlier line left out) before it.
        Expect(connection, "S4", new()
        {
            ["duration_sec"] = null, ["page_views"] = 4L, ["hour_band"] = "evening", ["weekday"] = 7L, ["is_weekend"] = 1L,
            ["names_product"] = 1L, ["product_category"] = "Electronics", ["product_price_band"] = null,
            ["prior_sessions"] = 3L, ["prior_purchase_sessions"] = 2L, ["prior_purchase_session_share"] = 2 / 3.0,
            ["prior_mean_duration_sec"] = (100 + 300 + 60) / 3.0, ["prior_mean_page_views"] = 3.0,
            ["days_since_prior_session"] = 6 + (8.5 / 24), // 06-10 12:00 → 06-16 20:30
            ["prior_orders"] = 2L, ["prior_spend"] = 80.0, ["days_since_prior_order"] = 6 + (8.5 / 24),
        });

        // A1: anonymous, on Wednesday at 03:00, about the cheapest book.
        Expect(connection, "A1", new()
        {
            ["customer_id"] = null, ["hour_band"] = "night", ["weekday"] = 3L, ["is_weekend"] = 0L, ["product_category"] = "Books",
            ["product_price_band"] = "low", ["known_visitor"] = 0L, ["prior_sessions"] = null, ["prior_purchase_sessions"] = null,
            ["prior_purchase_session_share"] = null, ["days_since_prior_session"] = null, ["prior_orders"] = null, ["prior_spend"] = null,
            ["days_since_prior_order"] = null,
        });

        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE session_id IN ('S1', 'S5', 'S6')"));
        Assert.True(connection.Scalar<bool>("SELECT purchased FROM gold.session_labels WHERE session_id = 'S2'"));
        Assert.Equal(30.0, connection.Scalar<double>("SELECT purchase_amount FROM gold.session_labels WHERE session_id = 'S2'"));
    }

    [Fact]
    public void Build_TwoWindows_BothKeptAndARebuildReplacesItsOwnRows()
    {
        using var connection = Tiny();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = new DateTime(2024, 5, 1), To = From });
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To });
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To });

        Assert.Equal(5, connection.Scalar<long>("SELECT count(*) FROM gold.session_features"));
        Assert.Equal(5, connection.Scalar<long>("SELECT count(*) FROM gold.session_labels"));
        Assert.Equal(5, connection.Scalar<long>("SELECT count(DISTINCT session_id) FROM gold.session_features"));
        Assert.Equal(0L, connection.Scalar<long>("SELECT prior_sessions FROM gold.session_features WHERE session_id = 'S1'"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'sx_%'"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name LIKE 'sx_%'"));
    }

    /// <summary>A rebuild of the only window (a run's: from the beginning of time to the cutoff) leaves no row outside
    /// it once the window is deleted, so the staged ids are not looked up; every session still has exactly one row, with
    /// the values of the rebuild, and a session whose start moved within the window keeps no old row.</summary>
    [Fact]
    public void Build_RebuildOfTheOnlyWindow_EverySessionOnceWithTheNewValues()
    {
        using var connection = Tiny();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To });
        const string Rows = "SELECT md5(string_agg(f::VARCHAR, '|' ORDER BY session_id)) FROM gold.session_features f";
        var first = connection.Scalar<string>(Rows);
        var sessions = connection.Scalar<long>("SELECT count(*) FROM gold.session_features");

        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To });
        Assert.Equal(first, connection.Scalar<string>(Rows));

        connection.Execute("UPDATE silver.sessions SET started_at = TIMESTAMP '2024-06-20 08:00:00' WHERE session_id = 'S4';");
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To });

        Assert.Equal(sessions, connection.Scalar<long>("SELECT count(*) FROM gold.session_features"));
        Assert.Equal(sessions, connection.Scalar<long>("SELECT count(DISTINCT session_id) FROM gold.session_features"));
        Assert.Equal(sessions, connection.Scalar<long>("SELECT count(*) FROM gold.session_labels"));
        Assert.Equal(sessions, connection.Scalar<long>("SELECT count(DISTINCT session_id) FROM gold.session_labels"));
        Assert.Equal(new DateTime(2024, 6, 20, 8, 0, 0), connection.Scalar<DateTime>("SELECT started_at FROM gold.session_features WHERE session_id = 'S4'"));
        Assert.Equal(new DateTime(2024, 6, 20, 8, 0, 0), connection.Scalar<DateTime>("SELECT started_at FROM gold.session_labels WHERE session_id = 'S4'"));
        Assert.NotEqual(first, connection.Scalar<string>(Rows));
    }

    [Fact]
    public void Build_SessionMovedToAnEarlierWindow_ItsRowInTheLaterWindowReplaced()
    {
        using var connection = Tiny();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To });
        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE session_id = 'S4'"));

        // A corrected export moves S4 before the window just built: the earlier window's build stages it, so its old
        // row, outside that window, goes too.
        connection.Execute("UPDATE silver.sessions SET started_at = TIMESTAMP '2024-05-20 20:30:00' WHERE session_id = 'S4';");
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = new DateTime(2024, 5, 1), To = From });

        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE session_id = 'S4'"));
        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM gold.session_labels WHERE session_id = 'S4'"));
        Assert.Equal(new DateTime(2024, 5, 20, 20, 30, 0), connection.Scalar<DateTime>("SELECT started_at FROM gold.session_features WHERE session_id = 'S4'"));
        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE session_id = 'S2'"));
    }

    [Fact]
    public void Build_FailingWhileStaging_LeavesGoldAsItWasAndNoStagingTables()
    {
        using var connection = Tiny();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To });
        const string Rows = "SELECT md5(string_agg(f::VARCHAR, '|' ORDER BY session_id)) FROM gold.session_features f";
        var before = connection.Scalar<string>(Rows);
        // Product versions replaced by a table without the columns the staging script reads: the rebuild fails before gold.
        connection.Execute("ALTER TABLE silver.product_versions RENAME TO versions_kept; CREATE TABLE silver.product_versions AS SELECT product_id FROM silver.versions_kept;");

        Assert.ThrowsAny<DuckDbException>(() => SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To }));

        Assert.Equal(before, connection.Scalar<string>(Rows));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'sx_%'"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'sx_kernel%'"));
    }

    /// <summary>The known customers' timelines read in partitions of customers give the same gold, row for row, as one
    /// sort of the whole timeline: a customer's sessions and purchases always fall in one partition.</summary>
    [Fact]
    public void Build_TimelineInPartitions_SameGoldAsOnePartition()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        Seeded(connection, sessions: 20_000, customers: 700);
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To, TimelinePartitions = 1 });
        connection.Execute("CREATE TABLE one_features AS SELECT * FROM gold.session_features; CREATE TABLE one_labels AS SELECT * FROM gold.session_labels;");
        var progress = new List<string>();

        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To, TimelinePartitions = 7 }, new SyncProgress(progress.Add));

        Assert.Contains("session features: history, partition 7/7", progress);
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM one_features WHERE prior_orders > 0 AND prior_sessions > 0") > 1000);
        Assert.Equal(connection.Scalar<long>("SELECT count(*) FROM one_features"), connection.Scalar<long>("SELECT count(*) FROM gold.session_features"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM one_features EXCEPT ALL SELECT * FROM gold.session_features)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM gold.session_features EXCEPT ALL SELECT * FROM one_features)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM one_labels EXCEPT ALL SELECT * FROM gold.session_labels)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'sx_%'"));
    }

    /// <summary>Every session of the window reaches gold once with its own columns as silver holds them (ids longer than
    /// DuckDB's inline strings and unknown products among them) beside its own history: a known session's count of
    /// earlier sessions is recounted here from silver, so a history joined to the wrong session fails.</summary>
    [Fact]
    public void Build_KnownSessions_OwnColumnsFromSilverBesideTheirOwnHistory()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        Seeded(connection, sessions: 20_000, customers: 700);
        connection.Execute("""
            UPDATE silver.sessions SET session_id = session_id || '-a-session-id-past-the-inline-length' WHERE hash(session_id) % 3 = 0;
            UPDATE silver.sessions SET product_id = 'P-unknown-product-with-a-long-id' WHERE hash(session_id) % 7 = 0;
            """);

        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To, TimelinePartitions = 3 });

        var window = connection.Scalar<long>($"SELECT count(*) FROM silver.sessions WHERE started_at >= TIMESTAMP '{From:yyyy-MM-dd}' AND started_at < TIMESTAMP '{To:yyyy-MM-dd}'");
        Assert.True(window > 3000);
        Assert.Equal(window, connection.Scalar<long>("SELECT count(DISTINCT session_id) FROM gold.session_features"));
        Assert.Equal(window, connection.Scalar<long>("""
            SELECT count(*)
            FROM gold.session_features g
            JOIN silver.sessions s USING (session_id)
            LEFT JOIN silver.products p ON p.product_id = s.product_id
            WHERE g.customer_id IS NOT DISTINCT FROM s.customer_id
              AND g.started_at = s.started_at
              AND g.duration_sec IS NOT DISTINCT FROM s.duration_sec
              AND g.page_views IS NOT DISTINCT FROM s.page_views
              AND g.names_product = CASE WHEN s.product_id IS NULL THEN 0 ELSE 1 END
              AND g.product_category IS NOT DISTINCT FROM p.category
              AND g.known_visitor = CASE WHEN s.customer_id IS NULL THEN 0 ELSE 1 END
            """));
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE length(session_id) > 12 AND customer_id IS NOT NULL") > 500);
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE duration_sec IS NULL AND customer_id IS NOT NULL") > 100);
        var known = connection.Scalar<long>("SELECT count(*) FROM gold.session_features WHERE customer_id IS NOT NULL");
        Assert.Equal(known, connection.Scalar<long>("""
            SELECT count(*)
            FROM gold.session_features g
            WHERE g.customer_id IS NOT NULL
              AND g.prior_sessions = (SELECT count(*) FROM silver.sessions e WHERE e.customer_id = g.customer_id AND e.started_at < g.started_at)
            """));
        Assert.True(connection.Scalar<long>("SELECT count(DISTINCT prior_sessions) FROM gold.session_features") > 5);
    }

    /// <summary>More partitions than customers: most partitions are empty, and the gold is still the hand-computed one
    /// of one partition.</summary>
    [Fact]
    public void Build_MorePartitionsThanCustomers_SameGoldAsOnePartition()
    {
        using var connection = Tiny();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To, TimelinePartitions = 1 });
        connection.Execute("CREATE TABLE one_features AS SELECT * FROM gold.session_features;");

        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To, TimelinePartitions = 16 });

        Assert.Equal(4, connection.Scalar<long>("SELECT count(*) FROM gold.session_features"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM one_features EXCEPT ALL SELECT * FROM gold.session_features)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM gold.session_features EXCEPT ALL SELECT * FROM one_features)"));
    }

    /// <summary>Under a memory limit too small for one sort of the whole timeline (DuckDB's sort does not spill its rows;
    /// whether the single sort fails there depends on what else holds memory at that moment, so it is not asserted), the
    /// automatic partitions read it in parts that fit, and the gold is the one built with memory to spare.</summary>
    [Fact]
    public void Build_TimelineLargerThanTheMemoryLimit_ReadInPartitionsWithTheSameGold()
    {
        using var temp = new TempFolder();
        using var connection = DuckDbConnection.Open(temp.File("w.duckdb"));
        // As the warehouse opens it; two threads, so the memory the plans take does not depend on the machine's cores.
        connection.Execute("SET preserve_insertion_order = false; SET threads = 2;");
        Seeded(connection, sessions: TinyLimitSessions, customers: 20_000);
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = LateFrom, To = To, TimelinePartitions = 1 });
        connection.Execute("CREATE TABLE one_features AS SELECT * FROM gold.session_features; CREATE TABLE one_labels AS SELECT * FROM gold.session_labels;");
        connection.Execute($"SET memory_limit = '{TinyLimit}';");

        var progress = new List<string>();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = LateFrom, To = To }, new SyncProgress(progress.Add));

        Assert.Contains(progress, p => p.StartsWith("session features: history, partition ", StringComparison.Ordinal));
        connection.Execute("SET memory_limit = '1GB';");
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM one_features EXCEPT ALL SELECT * FROM gold.session_features)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM gold.session_features EXCEPT ALL SELECT * FROM one_features)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM one_labels EXCEPT ALL SELECT * FROM gold.session_labels)"));
    }

    // The last ten days of the seeded shop's hundred: the timeline holds every known session and purchase, gold a tenth.
    private static readonly DateTime LateFrom = new(2024, 6, 21);
    private const int TinyLimitSessions = 800_000;
    private const string TinyLimit = "64MB";

    /// <summary>One partition per <c>TimelineBytesPerRow</c> bytes of the limit per timeline row: none past one when the
    /// rows fit, more as the limit shrinks.</summary>
    [Fact]
    public void AutomaticPartitions_FromTheTimelinesRowsAndTheMemoryLimit()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("""
            CREATE TEMP TABLE sx_sessions AS SELECT CASE WHEN i % 4 = 0 THEN NULL ELSE 'C' || i END AS customer_id FROM range(4000) t(i);
            CREATE TEMP TABLE sx_purchases AS SELECT 'C' || i AS customer_id FROM range(1000) t(i);
            SET memory_limit = '4MiB';
            """);

        // 3,000 known sessions and 1,000 purchases.
        Assert.Equal(1, SessionFeatureBuilder.AutomaticPartitions(connection, new SessionBuildOptions { To = To, TimelineBytesPerRow = 1024 }));
        Assert.Equal(2, SessionFeatureBuilder.AutomaticPartitions(connection, new SessionBuildOptions { To = To, TimelineBytesPerRow = 2048 }));
        Assert.Equal(4, SessionFeatureBuilder.AutomaticPartitions(connection, new SessionBuildOptions { To = To, TimelineBytesPerRow = 4096 }));
    }

    [Theory]
    [InlineData("2.5 GiB", 2684354560L)]
    [InlineData("976.5 MiB", 1023934464L)]
    [InlineData("1.0 GB", 1000000000L)]
    [InlineData("512 bytes", 512L)]
    [InlineData("", long.MaxValue)]
    [InlineData("unlimited", long.MaxValue)]
    public void MemoryLimitBytes_AsDuckDbPrintsIt(string setting, long bytes) =>
        Assert.Equal(bytes, SessionFeatureBuilder.MemoryLimitBytes(setting));

    [Fact]
    public void Build_TimelinePartitionsOutOfRange_Throws()
    {
        using var connection = Tiny();
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To, TimelinePartitions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To, TimelinePartitions = 1025 }));
    }

    /// <summary>A seeded shop of <paramref name="sessions"/> sessions (a sixth anonymous, pairs sharing an instant) and a
    /// third as many orders with one to three lines each (some not purchases, some lines outliers), over
    /// <paramref name="customers"/> customers, from April to the window's end and past it.</summary>
    private static void Seeded(DuckDbConnection connection, int sessions, int customers)
    {
        new SessionRows().Product("P1", "Books", 10).Product("P2", "Games", 20).WriteTo(connection);
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, source, _source_file, _ingested_at)
            SELECT 'S' || i, CASE WHEN i % 6 = 0 THEN NULL ELSE 'C' || ((i * 11) % {customers}) END,
                   TIMESTAMP '2024-04-01 00:00:00' + to_seconds(((i // 2) * 7919) % 8640000),
                   CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 900) / 3.0 END, CASE WHEN i % 17 = 0 THEN NULL ELSE i % 23 END,
                   CASE WHEN i % 3 = 0 THEN 'P' || (1 + i % 2) END, i % 4 = 0, CASE WHEN i % 4 = 0 THEN (i % 300) / 7.0 END,
                   'test', 'a.csv', TIMESTAMP '2030-01-01 00:00:00'
            FROM range({sessions}) t(i);
            INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, source, _source_file, _ingested_at)
            SELECT 'O' || i, 'C' || ((i * 13) % {customers}), TIMESTAMP '2024-04-01 00:00:00' + to_seconds((i * 104729) % 8640000),
                   'completed', i % 9 <> 0, i % 9 = 0, 'test', 'a.csv', TIMESTAMP '2030-01-01 00:00:00'
            FROM range({sessions / 3}) t(i);
            INSERT INTO silver.order_lines (order_id, line_number, product_id, quantity, unit_price, discount, line_amount, is_return, is_outlier, source, _source_file, _ingested_at)
            SELECT 'O' || i, n, 'P1', 1, (i * n) % 97 + 0.25, 0, (i * n) % 97 + 0.25, FALSE, (i + n) % 31 = 0, 'test', 'a.csv', TIMESTAMP '2030-01-01 00:00:00'
            FROM range({sessions / 3}) t(i) JOIN range(1, 4) u(n) ON n <= 1 + i % 3;
            """));
    }

    /// <summary>Reports on the calling thread, in order.</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [Fact]
    public void Build_LabelsNeverAmongTheFeatures()
    {
        using var connection = Tiny();
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To });
        SessionFeatureBuilder.BuildShoppers(connection);

        foreach (var table in new[] { SessionFeatureBuilder.FeaturesTable, SessionFeatureBuilder.ShopperFeaturesTable })
        {
            var columns = connection.Scalar<string>($"SELECT string_agg(column_name, ',') FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = '{table}'");
            Assert.DoesNotContain("purchase", columns!.Replace("prior_purchase", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("revenue", columns, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_EmptyWindow_Throws()
    {
        using var connection = Tiny();
        var e = Assert.Throws<ArgumentException>(() => SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = To, To = To }));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildShoppers_TwoSessions_OwnColumnsTotalsAndCodesAsText()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new SessionRows()
            .Shopper("h:1", 2, 30, 1, 10, 7, 200, 0.01, 0.05, 12.5, 0.4, 11, 2, 3, 1, 10, "Returning_Visitor", true, true)
            .Shopper("h:2", 0, 0, 0, 0, 0, 0, 0.2, 0.2, 0, 0, 2, 1, 1, 9, 3, "New_Visitor", null, false)
            .WriteTo(connection);

        var result = SessionFeatureBuilder.BuildShoppers(connection);

        Assert.Equal(2, result.Sessions);
        Assert.Equal(1, result.Purchases);
        var row = Row(connection, "shopper_session_features", "h:1");
        Assert.Equal(10L, row["total_pages"]);
        Assert.Equal(240.0, row["total_duration_sec"]);
        Assert.Equal(0.7, (double)row["product_page_share"]!, 12);
        Assert.Equal(12.5, row["page_value"]);
        Assert.Equal(11L, row["month"]);
        Assert.Equal(1L, row["is_weekend"]);
        Assert.Equal("2", row["operating_system"]);
        Assert.Equal("10", row["traffic_type"]);
        Assert.Equal("Returning_Visitor", row["visitor_type"]);
        var empty = Row(connection, "shopper_session_features", "h:2");
        Assert.Null(empty["product_page_share"]);
        Assert.Null(empty["is_weekend"]);
        Assert.False(connection.Scalar<bool>("SELECT purchased FROM gold.shopper_session_labels WHERE session_id = 'h:2'"));
    }

    /// <summary>C1's timeline: X1 (ingested twice; the older copy, on 06-02, is superseded and counts nowhere) starts
    /// at 06-05 10:00, the instant of purchase P2 (5); T1 (bought), T2 and T3 start together at 06-08 12:00, the instant
    /// of purchase P3 (20); L1 starts at 06-09 00:00. An anonymous session and C2's session share T1's instant.</summary>
    [Fact]
    public void Build_TiesSupersededCopiesAndPurchasesAtTheStart_OnlyStrictlyEarlierRowsCount()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new SessionRows().Product("P1", "Books", 10)
            .Session("X1", "C1", "2024-06-02 08:00:00", 500, 9, "P1", purchased: true)
            .Session("T1", "C1", "2024-06-08 12:00:00", 20, 2, null, purchased: true)
            .Session("T2", "C1", "2024-06-08 12:00:00", 30, null, null, purchased: false)
            .Session("T3", "C1", "2024-06-08 12:00:00", null, 4, null, purchased: false)
            .Session("L1", "C1", "2024-06-09 00:00:00", 1, 1, null, purchased: false)
            .Session("N1", null, "2024-06-08 12:00:00", 7, 7, null, purchased: false)
            .Session("D1", "C2", "2024-06-08 12:00:00", 7, 7, null, purchased: false)
            .Order("P2", "C1", "2024-06-05 10:00:00", purchase: true, [5])
            .Order("P3", "C1", "2024-06-08 12:00:00", purchase: true, [20])
            .WriteTo(connection);
        connection.Execute("INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, source, _source_file, _ingested_at) " +
                           "VALUES ('X1', 'C1', TIMESTAMP '2024-06-05 10:00:00', 10, 1, NULL, FALSE, NULL, 'test', 'later.csv', TIMESTAMP '2030-02-01 00:00:00');");

        var result = SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = From, To = To });

        Assert.Equal(7, result.Sessions);
        Assert.Equal(6, result.KnownVisitors);
        Expect(connection, "X1", new()
        {
            ["duration_sec"] = 10.0, ["prior_sessions"] = 0L, ["prior_purchase_sessions"] = 0L, ["prior_purchase_session_share"] = null,
            ["prior_mean_duration_sec"] = null, ["prior_mean_page_views"] = null, ["days_since_prior_session"] = null,
            ["prior_orders"] = 0L, ["prior_spend"] = 0.0, ["days_since_prior_order"] = null,
        });
        foreach (var tied in new[] { "T1", "T2", "T3" })
        {
            Expect(connection, tied, new()
            {
                ["prior_sessions"] = 1L, ["prior_purchase_sessions"] = 0L, ["prior_purchase_session_share"] = 0.0,
                ["prior_mean_duration_sec"] = 10.0, ["prior_mean_page_views"] = 1.0, ["days_since_prior_session"] = 3 + (2 / 24.0),
                ["prior_orders"] = 1L, ["prior_spend"] = 5.0, ["days_since_prior_order"] = 3 + (2 / 24.0),
            });
        }

        // L1: X1 and the three tied sessions (durations 10, 20, 30; views 1, 2, 4), both purchases.
        Expect(connection, "L1", new()
        {
            ["prior_sessions"] = 4L, ["prior_purchase_sessions"] = 1L, ["prior_purchase_session_share"] = 0.25,
            ["prior_mean_duration_sec"] = 20.0, ["prior_mean_page_views"] = 7 / 3.0, ["days_since_prior_session"] = 0.5,
            ["prior_orders"] = 2L, ["prior_spend"] = 25.0, ["days_since_prior_order"] = 0.5,
        });
        Expect(connection, "N1", new()
        {
            ["known_visitor"] = 0L, ["prior_sessions"] = null, ["prior_purchase_sessions"] = null, ["prior_mean_duration_sec"] = null,
            ["days_since_prior_session"] = null, ["prior_orders"] = null, ["prior_spend"] = null, ["days_since_prior_order"] = null,
        });
        Expect(connection, "D1", new()
        {
            ["prior_sessions"] = 0L, ["prior_orders"] = 0L, ["prior_spend"] = 0.0, ["days_since_prior_session"] = null,
        });
    }

    /// <summary>4,000 session ids, every seventh given two to four copies (other files, later ingests, other starts,
    /// some copies after the window's end or without a start): each id in the window keeps exactly the copy that a
    /// ranking of every session by id would keep (latest ingest first, then file name, then start), however few ids
    /// repeat among many that do not.</summary>
    [Fact]
    public void Build_RepeatedIdsAmongManyUnique_KeepsTheLatestCopyOfEach()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new SessionRows().Product("P1", "Books", 10).Order("O1", "C1", "2024-05-01 10:00:00", purchase: true, [20]).WriteTo(connection);
        connection.Execute("""
            INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, source, _source_file, _ingested_at)
            SELECT 'S' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'C' || (i % 300) END,
                   TIMESTAMP '2024-05-01 00:00:00' + to_minutes(i * 13), i % 600, i % 11, NULL, i % 3 = 0, CASE WHEN i % 3 = 0 THEN i % 90 END,
                   'test', 'a.csv', TIMESTAMP '2030-01-01 00:00:00'
            FROM range(4000) t(i);
            INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, source, _source_file, _ingested_at)
            SELECT 'S' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'C' || (i % 300) END,
                   CASE WHEN c = 3 AND i % 2 = 0 THEN NULL
                        WHEN c = 2 AND i % 3 = 0 THEN TIMESTAMP '2024-08-01 00:00:00'
                        ELSE TIMESTAMP '2024-05-01 00:00:00' + to_minutes(i * 13 + c * 7) END,
                   c * 100, c, NULL, c % 2 = 1, CASE WHEN c % 2 = 1 THEN c * 10 END,
                   'test', CASE WHEN c = 2 THEN 'a.csv' ELSE 'b.csv' END,
                   TIMESTAMP '2030-01-01 00:00:00' + to_days(CASE WHEN c = 1 THEN 0 ELSE c END)
            FROM range(0, 4000, 7) t(i) JOIN range(1, 4) u(c) ON c <= (i // 7) % 4;
            """);
        var expected = connection.Query("""
            SELECT count(*) AS n, coalesce(sum(hash(session_id, started_at, purchased, CAST(purchase_amount AS DOUBLE))::HUGEINT), 0)::VARCHAR AS h
            FROM (SELECT * FROM silver.sessions WHERE started_at IS NOT NULL AND started_at < TIMESTAMP '2024-07-01 00:00:00'
                  QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY _ingested_at DESC, _source_file, started_at) = 1)
            """);
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM (SELECT session_id FROM silver.sessions GROUP BY 1 HAVING count(*) > 1)") > 400);

        var result = SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To });

        var written = connection.Query("""
            SELECT count(*) AS n, coalesce(sum(hash(session_id, started_at, purchased, CAST(purchase_amount AS DOUBLE))::HUGEINT), 0)::VARCHAR AS h
            FROM gold.session_labels
            """);
        Assert.Equal(expected["n"].GetInt64(0), result.Sessions);
        Assert.Equal(expected["n"].GetInt64(0), written["n"].GetInt64(0));
        Assert.Equal(expected["h"].GetString(0), written["h"].GetString(0));
        Assert.Equal(written["n"].GetInt64(0), connection.Scalar<long>("SELECT count(DISTINCT session_id) FROM gold.session_features"));
    }

    /// <summary>The web tables name their text columns' compression (FSST for the session id, a dictionary for the
    /// customer id and the category features), so DuckDB writes them without trying every method: on a file, after a
    /// checkpoint, no block of those columns uses another method than the named one (or none).</summary>
    [Fact]
    public void Build_WebTables_StoreTheTextColumnsWithTheNamedCompression()
    {
        using var temp = new TempFolder();
        using var connection = DuckDbConnection.Open(temp.File("w.duckdb"));
        var rows = new SessionRows().Product("P1", "Books", 10).Product("P2", "Games", 20);
        for (var i = 0; i < 3000; i++)
        {
            rows.Session(string.Create(CultureInfo.InvariantCulture, $"session-{i:D6}-{i * 7919 % 100003}"), i % 4 == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"C{i % 400}"),
                string.Create(CultureInfo.InvariantCulture, $"2024-06-{1 + (i % 28):D2} {i % 24:D2}:{i % 60:D2}:00"), i % 500, i % 9, i % 3 == 0 ? null : i % 2 == 0 ? "P1" : "P2", purchased: i % 5 == 0);
        }

        rows.WriteTo(connection);
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To });
        connection.Execute("CHECKPOINT;");

        Assert.Contains("session_id VARCHAR NOT NULL USING COMPRESSION fsst", SessionFeatureBuilder.Ddl(SessionFeatureBuilder.FeaturesTable, SessionKind.Web), StringComparison.Ordinal);
        Assert.DoesNotContain("USING COMPRESSION", SessionFeatureBuilder.Ddl(SessionFeatureBuilder.ShopperFeaturesTable, SessionKind.Shopper), StringComparison.Ordinal);
        AssertMethods(connection, SessionFeatureBuilder.FeaturesTable, "session_id", "FSST");
        AssertMethods(connection, SessionFeatureBuilder.LabelsTable, "session_id", "FSST");
        foreach (var column in new[] { "customer_id", "hour_band", "product_category", "product_price_band" })
        {
            AssertMethods(connection, SessionFeatureBuilder.FeaturesTable, column, "Dictionary");
        }

        Assert.Equal(3000, connection.Scalar<long>("SELECT count(*) FROM gold.session_features"));
    }

    private static void AssertMethods(DuckDbConnection connection, string table, string column, string method)
    {
        using var methods = connection.Query($"""
            SELECT DISTINCT compression FROM pragma_storage_info('gold.{table}')
            WHERE column_name = '{column}' AND segment_type = 'VARCHAR'
            """);
        var names = methods["compression"];
        Assert.True(names.Length > 0, $"{table}.{column} has no stored block");
        for (var i = 0; i < names.Length; i++)
        {
            Assert.True(names.GetString(i) is var name && (name == method || name == "Uncompressed"), $"{table}.{column}: {names.GetString(i)}, expected {method}");
        }
    }

    private static DuckDbConnection Tiny()
    {
        var connection = DuckDbConnection.OpenInMemory();
        new SessionRows()
            .Product("P1", "Books", 10).Product("P2", "Books", 20).Product("P3", "Books", 30).Product("P4", "Electronics", null)
            .Order("O1", "C1", "2024-05-01 10:00:00", purchase: true, [20, 30])
            .Order("O2", "C1", "2024-06-10 12:00:00", purchase: true, [30, 1000], outlier: true)
            .Order("R1", "C1", "2024-06-12 09:00:00", purchase: false, [-20])
            .Session("S1", "C1", "2024-05-01 09:00:00", 100, 2, null, purchased: true, 50)
            .Session("S2", "C1", "2024-06-10 12:00:00", 300, 6, "P2", purchased: true, 30)
            .Session("S3", "C1", "2024-06-10 12:00:00", 60, 1, null, purchased: false)
            .Session("S4", "C1", "2024-06-16 20:30:00", null, 4, "P4", purchased: false)
            .Session("S5", "C1", "2024-07-01 00:00:00", 10, 1, null, purchased: true, 5)
            .Session("S6", "C1", null, 10, 1, null, purchased: false)
            .Session("A1", null, "2024-06-05 03:00:00", 50, 3, "P1", purchased: false)
            .Session("A1", null, "2024-06-05 03:00:00", 50, 3, "P1", purchased: false)
            .WriteTo(connection);
        return connection;
    }

    private static void Expect(DuckDbConnection connection, string session, Dictionary<string, object?> expected)
    {
        var row = Row(connection, "session_features", session);
        foreach (var (column, value) in expected)
        {
            var actual = row[column];
            if (value is double d && actual is double a)
            {
                Assert.True(Math.Abs(d - a) < 1e-9, $"{session}.{column}: expected {d.ToString("R", CultureInfo.InvariantCulture)}, got {a.ToString("R", CultureInfo.InvariantCulture)}");
            }
            else
            {
                Assert.True(Equals(value, actual), $"{session}.{column}: expected {value ?? "NULL"}, got {actual ?? "NULL"}");
            }
        }
    }

    private static Dictionary<string, object?> Row(DuckDbConnection connection, string table, string session)
    {
        using var result = connection.Query($"SELECT * FROM gold.{table} WHERE session_id = '{session}'");
        Assert.Equal(1, result.RowCount);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in result.Columns)
        {
            row[column.Name] = column.IsNull(0) ? null : column.GetValue(0);
        }

        return row;
    }
}
