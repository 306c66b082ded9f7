using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Dashboard;
using Patron.Warehouse;

namespace Patron.Server.Tests.Dashboard;

/// <summary>The dashboard's pre-aggregated tables give exactly what SQL over the warehouse's rows gives: the queries of
/// <c>Reference/</c> (the pages' SQL from before the tables, over order lines, sessions and predictions.csv) against
/// the dashboard's, cell by cell, under many filters, on the demo shop and an Online Retail export, and again after rows
/// were ingested and the tables refreshed.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardAggregateTests(DemoDashboardShop demo, RetailDashboardShop retail)
{
    [Fact]
    public void Queries_DemoShop_EqualSqlOverRows()
    {
        // The tables the run stored in the warehouse (their stamp matches the warehouse and the predictions).
        using var warehouse = DashboardWarehouse.Open(demo.Warehouse, Path.Combine(demo.RunFolder, "predictions.csv"));
        Assert.True(warehouse.Stored);
        using var queries = warehouse.Connect();
        using var check = DuckDbConnection.Open(demo.Warehouse, new DuckDbConfig { ReadOnly = true });
        var compared = CompareAll(queries, check, demo.RunFolder);
        Assert.True(compared > 2_000, $"only {compared} cells compared");
    }

    [Fact]
    public void Queries_DemoShopWithoutStoredTables_BuiltOnOpeningEqualSqlOverRows()
    {
        // A warehouse of an older run (no stamp): the tables are built when it is opened.
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        using (var connection = DuckDbConnection.Open(copy))
        {
            connection.Execute("DROP TABLE gold.dashboard_stamp");
        }

        var built = false;
        using var warehouse = DashboardWarehouse.Open(copy, Path.Combine(demo.RunFolder, "predictions.csv"), beforeBuild: () => built = true);
        Assert.False(warehouse.Stored);
        Assert.True(built);
        using var queries = warehouse.Connect();
        using var check = DuckDbConnection.Open(copy, new DuckDbConfig { ReadOnly = true });
        var compared = CompareAll(queries, check, demo.RunFolder);
        Assert.True(compared > 2_000, $"only {compared} cells compared");
    }

    [Fact]
    public void Store_StampOfAnotherRunOrOlderRows_IsNotUsed()
    {
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(demo.RunFolder, "predictions.csv");
        using (var connection = DuckDbConnection.Open(copy))
        {
            Assert.True(DashboardWarehouse.IsStored(connection, predictions));

            // Another run's predictions (one customer's score changed) do not match the stamp.
            var other = Path.Combine(temp.Path, "predictions.csv");
            var lines = File.ReadAllLines(predictions);
            lines[1] = lines[1].Replace(",high,", ",medium,", StringComparison.Ordinal).Replace(",low,", ",high,", StringComparison.Ordinal) + " ";
            File.WriteAllLines(other, lines);
            Assert.False(DashboardWarehouse.IsStored(connection, other));

            // Rows ingested after the tables were stored make the stamp stale; storing again makes it current.
            connection.Execute("UPDATE silver.orders SET _ingested_at = now()::TIMESTAMP WHERE order_id = (SELECT min(order_id) FROM silver.orders)");
            Assert.False(DashboardWarehouse.IsStored(connection, predictions));
            Assert.NotEmpty(DashboardWarehouse.Store(connection, predictions));
            Assert.True(DashboardWarehouse.IsStored(connection, predictions));
        }

        using var warehouse = DashboardWarehouse.Open(copy, predictions, beforeBuild: () => Assert.Fail("the stored tables match: no build"));
        Assert.True(warehouse.Stored);
        Assert.Equal(File.ReadLines(predictions).First().Split(','), warehouse.PredictionFileColumns);
    }

    [Fact]
    public void Store_PredictionsWrittenAgainAtTheSameLength_StoredTablesNotUsed()
    {
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(temp.Path, "predictions.csv");
        File.Copy(Path.Combine(demo.RunFolder, "predictions.csv"), predictions);
        using var connection = DuckDbConnection.Open(copy);
        DashboardWarehouse.Store(connection, predictions);
        Assert.True(DashboardWarehouse.IsStored(connection, predictions));

        // A later run writes the file again: one score differs, the length is the same.
        var length = new FileInfo(predictions).Length;
        var written = File.GetLastWriteTimeUtc(predictions);
        var chars = File.ReadAllText(predictions).ToCharArray();
        var digit = Array.FindIndex(chars, Array.IndexOf(chars, '\n') + 1, char.IsAsciiDigit);
        chars[digit] = chars[digit] == '1' ? '2' : '1';
        File.WriteAllText(predictions, new string(chars));
        File.SetLastWriteTimeUtc(predictions, written.AddSeconds(2));
        Assert.Equal(length, new FileInfo(predictions).Length);
        Assert.False(DashboardWarehouse.IsStored(connection, predictions));

        // Stored again, the tables match the new file.
        DashboardWarehouse.Store(connection, predictions);
        Assert.True(DashboardWarehouse.IsStored(connection, predictions));
    }

    [Fact]
    public void Store_StagedTablesOfAnUnfinishedStore_DroppedAndTheStoredTablesReplacedWithTheSameRows()
    {
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(demo.RunFolder, "predictions.csv");
        using var connection = WarehouseFile.Open(copy);
        var before = DashboardTableNames(connection, "dashboard_");
        connection.Execute("CREATE TABLE gold.kept_people AS SELECT * FROM gold.dashboard_people");
        connection.Execute("CREATE TABLE gold.kept_orders AS SELECT * FROM gold.dashboard_orders");
        connection.Execute("CREATE TABLE gold.kept_visits_product AS SELECT * FROM gold.dashboard_visits_product");

        // What a store stopped half way leaves: staged tables, one of them of another shape.
        connection.Execute("CREATE TABLE gold.staged_dashboard_people (junk INTEGER)");
        connection.Execute("CREATE TABLE gold.staged_dashboard_orders AS SELECT * FROM gold.dashboard_orders LIMIT 3");
        connection.Execute("UPDATE silver.orders SET _ingested_at = now()::TIMESTAMP WHERE order_id = (SELECT min(order_id) FROM silver.orders)");
        Assert.False(DashboardWarehouse.IsStored(connection, predictions));

        var steps = DashboardWarehouse.Store(connection, predictions);
        Assert.Contains(steps, s => s.Step.StartsWith("beside: INSERT INTO gold.staged_dashboard_visits_product", StringComparison.Ordinal));
        Assert.True(DashboardWarehouse.IsStored(connection, predictions));
        Assert.Empty(DashboardTableNames(connection, "staged_dashboard_"));
        Assert.Equal(before, DashboardTableNames(connection, "dashboard_"));

        // The same rows as the run stored (copied aside under other names; the customers' numbers are any unique ones:
        // left out).
        foreach (var (table, columns) in new[] { ("people", "* EXCLUDE (cust)"), ("orders", "* EXCLUDE (cust)"), ("visits_product", "*") })
        {
            Assert.True(connection.Scalar<long>($"SELECT count(*) FROM gold.dashboard_{table}") > 100, table);
            Assert.Equal(0, connection.Scalar<long>($"SELECT count(*) FROM (SELECT {columns} FROM gold.dashboard_{table} EXCEPT ALL SELECT {columns} FROM gold.kept_{table})"));
            Assert.Equal(0, connection.Scalar<long>($"SELECT count(*) FROM (SELECT {columns} FROM gold.kept_{table} EXCEPT ALL SELECT {columns} FROM gold.dashboard_{table})"));
        }
    }

    [Fact]
    public void Store_PredictionsParquetOfTheRun_SameTablesAsFromTheCsv_AndTheCsvReadWhenItsColumnsDiffer()
    {
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(demo.RunFolder, "predictions.csv");
        var parquet = Path.Combine(demo.RunFolder, "predictions.parquet");
        Assert.True(File.Exists(parquet));
        using var connection = WarehouseFile.Open(copy);

        // From the CSV's text, kept aside.
        var steps = DashboardWarehouse.Store(connection, predictions, beside: false);
        Assert.Contains(steps, s => s.Step == "predictions.csv loaded");
        connection.Execute("CREATE TABLE gold.kept_predictions AS SELECT * FROM gold.dashboard_dash_predictions");
        connection.Execute("CREATE TABLE gold.kept_people AS SELECT * EXCLUDE (cust) FROM gold.dashboard_people");
        connection.Execute("CREATE TABLE gold.kept_risk_top AS SELECT * FROM gold.dashboard_risk_top");

        // From the run's Parquet file: the same rows, numbered in the same order, and the same file columns and stamp.
        steps = DashboardWarehouse.Store(connection, predictions, beside: false, predictionsParquet: parquet);
        Assert.Contains(steps, s => s.Step == "predictions loaded from predictions.parquet");
        Assert.True(DashboardWarehouse.IsStored(connection, predictions));
        AssertSameRows(connection, "gold.kept_predictions", "SELECT * FROM gold.dashboard_dash_predictions");
        AssertSameRows(connection, "gold.kept_people", "SELECT * EXCLUDE (cust) FROM gold.dashboard_people");
        AssertSameRows(connection, "gold.kept_risk_top", "SELECT * FROM gold.dashboard_risk_top");
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.kept_predictions WHERE churn_probability IS NOT NULL AND reason_1 IS NOT NULL") > 100);
        Assert.Equal(File.ReadLines(predictions).First().Split(','), ColumnNames(connection));

        // A Parquet file without one of the CSV's columns is not the same predictions: the CSV is read.
        var other = Path.Combine(temp.Path, "predictions.parquet");
        connection.Execute($"COPY (SELECT * EXCLUDE (segment) FROM read_parquet('{parquet}')) TO '{other}' (FORMAT PARQUET)");
        steps = DashboardWarehouse.Store(connection, predictions, beside: false, predictionsParquet: other);
        Assert.Contains(steps, s => s.Step == "predictions.csv loaded");
        AssertSameRows(connection, "gold.kept_predictions", "SELECT * FROM gold.dashboard_dash_predictions");
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.dashboard_dash_predictions WHERE segment IS NOT NULL") > 100);
    }

    [Fact]
    public void Store_BesideOnTwoConnections_SameTablesAsOneStatementAfterAnother_PeopleNumberedOnce()
    {
        // The store as the pipeline runs it (the predictions beside the orders' totals, the visit tables and the orders'
        // sums on a second connection beside the other tables) and one statement after another on one connection: every
        // stored table holds the same rows (the customers' numbers are any unique ones: left out, and checked unique).
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(demo.RunFolder, "predictions.csv");
        var parquet = Path.Combine(demo.RunFolder, "predictions.parquet");
        using var connection = WarehouseFile.Open(copy);

        var steps = DashboardWarehouse.Store(connection, predictions, beside: false, predictionsParquet: parquet);
        Assert.DoesNotContain(steps, s => s.Step.StartsWith("beside:", StringComparison.Ordinal));
        var tables = DashboardTableNames(connection, "dashboard_");
        foreach (var table in tables)
        {
            connection.Execute($"CREATE TABLE gold.kept_{table} AS SELECT {Kept(connection, table)} FROM gold.{table}");
        }

        steps = DashboardWarehouse.Store(connection, predictions, predictionsParquet: parquet);
        Assert.Contains(steps, s => s.Step == DashboardWarehouse.PredictionsFromParquet);
        Assert.Contains(steps, s => s.Step.StartsWith("beside: INSERT INTO gold.staged_dashboard_daily", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Step.StartsWith("beside: INSERT INTO gold.staged_dashboard_visits_product", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Step.StartsWith("INSERT INTO gold.staged_dashboard_ranks", StringComparison.Ordinal));
        Assert.Equal(tables, DashboardTableNames(connection, "dashboard_"));
        Assert.Empty(DashboardTableNames(connection, "staged_dashboard_"));
        foreach (var table in tables.Where(t => t != "dashboard_stamp"))
        {
            var stored = $"SELECT {Kept(connection, table)} FROM gold.{table}";
            Assert.Equal(connection.Scalar<long>($"SELECT count(*) FROM gold.kept_{table}"), connection.Scalar<long>($"SELECT count(*) FROM gold.{table}"));
            Assert.Equal(0, connection.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM gold.kept_{table} EXCEPT ALL {stored})"));
            Assert.Equal(0, connection.Scalar<long>($"SELECT count(*) FROM ({stored} EXCEPT ALL SELECT * FROM gold.kept_{table})"));
        }

        // The people's numbers: one per customer, from 1 up, whatever order the rows passed in.
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.dashboard_people") > 100);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) - count(DISTINCT cust) FROM gold.dashboard_people"));
        Assert.Equal(connection.Scalar<long>("SELECT count(*) FROM gold.dashboard_people"), connection.Scalar<long>("SELECT max(cust) FROM gold.dashboard_people"));
        Assert.Equal(1, connection.Scalar<long>("SELECT min(cust) FROM gold.dashboard_people"));
    }

    /// <summary>A stored table's columns but the customers' numbers (<c>cust</c>), and <c>cell_people</c>'s floating sums
    /// rounded (their last bits depend on the order of the additions).</summary>
    private static string Kept(DuckDbConnection connection, string table)
    {
        using var columns = connection.Query($"SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'gold' AND table_name = '{table}' AND column_name <> 'cust' ORDER BY column_index");
        var kept = new List<string>();
        for (var r = 0; r < (int)columns.RowCount; r++)
        {
            var column = columns[0].GetString(r);
            kept.Add(table == "dashboard_cell_people" && column is "churn_sum" or "clv_sum" ? $"round({column}, 4) AS {column}" : $"\"{column}\"");
        }

        return string.Join(", ", kept);
    }

    [Fact]
    public void Store_IdColumns_StoredWithFsstEvenWhereADictionaryWouldFit()
    {
        // The stored tables name FSST for their customer and order ids (tables.sql), so DuckDB does not analyse every id
        // for a dictionary. Rows of three distinct ids added to each table are still stored with FSST (or as they are), where
        // a table of the same columns left to choose (CREATE TABLE AS keeps no method) stores them as a dictionary.
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        using var connection = WarehouseFile.Open(copy);
        DashboardWarehouse.Store(connection, Path.Combine(demo.RunFolder, "predictions.csv"));

        (string Table, string Column)[] ids =
        [
            ("people", "customer_id"), ("orders", "order_id"), ("orders", "customer_id"), ("bounds", "customer_id"),
            ("risk_top", "customer_id"), ("baskets", "customer_id"), ("baskets", "order_id"), ("ranks", "customer_id"),
        ];
        foreach (var (table, column) in ids)
        {
            Assert.True(connection.Scalar<long>($"SELECT count(*) FROM gold.dashboard_{table}") > 0, table);
            var control = $"main.control_{table}_{column}";
            connection.Execute($"""
                CREATE TABLE {control} AS SELECT * FROM gold.dashboard_{table} LIMIT 0;
                INSERT INTO gold.dashboard_{table} BY NAME SELECT 'C' || (i % 3) AS {column} FROM range(150000) r(i);
                INSERT INTO {control} BY NAME SELECT 'C' || (i % 3) AS {column} FROM range(150000) r(i);
                """);
        }

        connection.Execute("CHECKPOINT");
        foreach (var (table, column) in ids)
        {
            // FSST, or the values as they are in a block where FSST does not pay: never a dictionary.
            var methods = Methods(connection, $"gold.dashboard_{table}", column);
            Assert.Contains("FSST", methods);
            Assert.All(methods, method => Assert.Contains(method, (string[])["FSST", "Uncompressed"]));
            var control = Methods(connection, $"main.control_{table}_{column}", column);
            // The control shows what DuckDB picks for such rows left to choose: a dictionary, in at least one segment (how
            // the rows split between threads can leave a small segment that it stores otherwise).
            Assert.Contains("Dictionary", control);
        }
    }

    /// <summary>The methods of a column's text segments (validity, stored as constants, left out).</summary>
    private static List<string> Methods(DuckDbConnection connection, string table, string column)
    {
        using var result = connection.Query(
            $"SELECT DISTINCT compression FROM pragma_storage_info('{table}') WHERE column_name = '{column}' AND segment_type = 'VARCHAR' ORDER BY 1");
        var methods = new List<string>();
        for (var i = 0; i < result.RowCount; i++)
        {
            methods.Add(result.Columns[0].GetString(i));
        }

        return methods;
    }

    [Fact]
    public void Store_ProductNamesSharedMissingOrEqualToAnUnknownId_VisitsTheSameAsGroupedByTheirTexts()
    {
        // visits_product sums the sessions by a number per (name, category) and joins the texts after the sum: the rows
        // must be those of grouping by the texts themselves, where products share a name, lack a name or a category,
        // sessions view ids no product has, and a product's name and missing category equal such an id's.
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(demo.RunFolder, "predictions.csv");
        using var connection = WarehouseFile.Open(copy);
        connection.Execute("""
            UPDATE silver.products SET name = 'Shared ' || (hash(product_id) % 4) WHERE hash(product_id) % 3 = 0;
            UPDATE silver.products SET name = NULL WHERE hash(product_id) % 3 = 1;
            UPDATE silver.products SET category = NULL WHERE hash(product_id) % 5 = 0;
            UPDATE silver.products SET name = 'unknown-1', category = NULL WHERE product_id = (SELECT max(product_id) FROM silver.products);
            UPDATE silver.sessions SET product_id = 'unknown-' || (hash(session_id) % 3) WHERE product_id IS NOT NULL AND hash(session_id) % 11 = 0;
            """);
        DashboardWarehouse.Store(connection, predictions);

        const string texts = """
            SELECT day, cell, product, category, count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE purchased)
            FROM (SELECT CAST(s.started_at AS DATE) AS day, coalesce(p.cell, -1) AS cell,
                         coalesce(pr.category, CASE WHEN s.product_id IS NULL THEN '(no product viewed)' ELSE '(none)' END) AS category,
                         coalesce(pr.name, s.product_id, '(no product viewed)') AS product,
                         s.product_id IS NOT NULL AS viewed, s.purchased
                  FROM silver.sessions s
                  LEFT JOIN gold.dashboard_people p ON p.customer_id = s.customer_id
                  LEFT JOIN silver.products pr ON pr.product_id = s.product_id
                  WHERE s.started_at IS NOT NULL) v
            GROUP BY day, cell, product, category
            """;
        AssertSameRows(connection, $"({texts})", "SELECT * FROM gold.dashboard_visits_product");
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.dashboard_visits_product WHERE item LIKE 'Shared %'") > 10);
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.dashboard_visits_product WHERE item = 'unknown-1' AND category = '(none)'") > 0);
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.dashboard_visits_product WHERE item = '(no product viewed)'") > 0);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT day, cell, item, category FROM gold.dashboard_visits_product GROUP BY ALL HAVING count(*) > 1)"));
    }

    [Fact]
    public void Store_CellsOfMoreThan200HighRiskCustomersWithTiedAndMissingClv_RiskTopTheFirst200OfTheWholeCell()
    {
        // risk_top drops the rows below a cell's 200th highest CLV before its window: with every customer of high risk in
        // two cells of about 250, one whose CLVs take a few tied values (so the 200th and 201st share theirs) and one whose
        // CLVs are mostly missing (fewer than 200 known: every row goes to the window), the table holds exactly the first
        // 200 of each cell by the window over all its rows.
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(temp.Path, "predictions.csv");
        using var connection = WarehouseFile.Open(copy);
        const string half = "hash(customer_id) % 2 = 0";
        connection.Execute($"UPDATE silver.customers SET country = CASE WHEN {half} THEN 'AA' ELSE 'BB' END, acquisition_channel = 'web'");
        connection.Execute($"""
            COPY (SELECT * REPLACE ('S' AS segment, 'high' AS churn_risk_band,
                                    CASE WHEN {half} THEN CAST(round(TRY_CAST(predicted_clv AS DOUBLE) / 40) * 40 AS VARCHAR)
                                         WHEN hash(customer_id) % 7 = 0 THEN predicted_clv END AS predicted_clv,
                                    CAST(round(TRY_CAST(churn_probability AS DOUBLE), 1) AS VARCHAR) AS churn_probability)
                  FROM read_csv('{Path.Combine(demo.RunFolder, "predictions.csv")}', header = true, all_varchar = true))
            TO '{predictions}' (FORMAT CSV, HEADER)
            """);
        DashboardWarehouse.Store(connection, predictions, beside: false);

        const string all = """
            SELECT cell, customer_id, segment, churn_probability, predicted_clv, reason_1, reason_2, reason_3
            FROM gold.dashboard_people
            WHERE in_run AND churn_risk_band = 'high'
            QUALIFY row_number() OVER (PARTITION BY cell ORDER BY predicted_clv DESC NULLS LAST, churn_probability DESC, customer_id) <= 200
            """;
        AssertSameRows(connection, $"({all})", "SELECT * FROM gold.dashboard_risk_top");
        const string cells = """
            SELECT cell, count(*) AS n, count(predicted_clv) AS known,
                   (SELECT count(*) FROM gold.dashboard_risk_top t WHERE t.cell = p.cell) AS kept,
                   list_sort(list(predicted_clv), 'DESC', 'NULLS LAST')[200] = list_sort(list(predicted_clv), 'DESC', 'NULLS LAST')[201] AS tied
            FROM gold.dashboard_people p WHERE in_run AND churn_risk_band = 'high' GROUP BY cell
            """;
        // A cell cut at a tied CLV, and a cell of more than 200 with fewer than 200 known CLVs.
        Assert.Equal(1, connection.Scalar<long>($"SELECT count(*) FROM ({cells}) WHERE n > 200 AND known >= 200 AND kept = 200 AND tied"));
        Assert.Equal(1, connection.Scalar<long>($"SELECT count(*) FROM ({cells}) WHERE n > 200 AND known < 200 AND kept = 200"));
    }

    private static void AssertSameRows(DuckDbConnection connection, string kept, string stored)
    {
        Assert.True(connection.Scalar<long>($"SELECT count(*) FROM ({stored})") > 100, stored);
        Assert.Equal(0, connection.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {kept} EXCEPT ALL {stored})"));
        Assert.Equal(0, connection.Scalar<long>($"SELECT count(*) FROM ({stored} EXCEPT ALL SELECT * FROM {kept})"));
    }

    private static List<string> ColumnNames(DuckDbConnection connection)
    {
        using var columns = connection.Query("SELECT name FROM gold.dashboard_dash_prediction_columns ORDER BY pos");
        var names = new List<string>();
        for (var r = 0; r < (int)columns.RowCount; r++)
        {
            names.Add(columns[0].GetString(r));
        }

        return names;
    }

    [Fact]
    public void Store_PredictionsReadOnBothCores_NumberedAndDownloadedInTheFilesOrder()
    {
        // A file large enough for DuckDB to read its parts on both cores, through a connection like the pipeline's
        // (insertion order not kept by default): the rows are still numbered in the file's order, and the customer
        // download, read from the file itself, repeats its bytes in its order.
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(demo.Warehouse, copy);
        var predictions = Path.Combine(temp.Path, "predictions.csv");
        var lines = File.ReadAllLines(Path.Combine(demo.RunFolder, "predictions.csv")).ToList();
        var columns = lines[0].Split(',').Length;
        var padding = new string('x', 200);
        for (var i = 0; i < 250_000; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Z{i:D7},{(i % 3 == 0 ? "Lost" : "Champions")}") + string.Concat(Enumerable.Repeat(",", columns - 3)) + "," + padding);
        }

        File.WriteAllText(predictions, string.Join('\n', lines) + "\n");
        Assert.True(new FileInfo(predictions).Length > 50_000_000);
        using (var connection = WarehouseFile.Open(copy))
        {
            DashboardWarehouse.Store(connection, predictions);
            using var stored = connection.Query("SELECT customer_id FROM gold.dashboard_dash_predictions ORDER BY rn");
            Assert.Equal(lines.Count - 1, (int)stored.RowCount);
            for (var r = 0; r < (int)stored.RowCount; r++)
            {
                Assert.Equal(lines[r + 1][..lines[r + 1].IndexOf(',', StringComparison.Ordinal)], stored[0].GetString(r));
            }

            // No text copy of the file is stored.
            Assert.DoesNotContain("dashboard_dash_predictions_raw", DashboardTableNames(connection, "dashboard_"));
        }

        using var warehouse = DashboardWarehouse.Open(copy, predictions, beforeBuild: () => Assert.Fail("the stored tables match: no build"));
        using var queries = warehouse.Connect();
        var last = DateOnly.FromDateTime(DateTime.UtcNow);
        var all = new DashboardFilter { From = last.AddYears(-1), To = last };
        var download = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(lines.Count - 1, queries.ExportCustomers(all, download));
        Assert.Equal(File.ReadAllText(predictions), download.ToString());

        // Under a segment: that segment's rows alone, still in the file's order.
        var lost = new StringWriter(CultureInfo.InvariantCulture);
        var kept = lines.Where((line, i) => i == 0 || line.Split(',')[1] == "Lost").ToList();
        Assert.True(kept.Count > 80_000);
        Assert.Equal(kept.Count - 1, queries.ExportCustomers(all with { Segment = "Lost" }, lost));
        Assert.Equal(string.Join('\n', kept) + "\n", lost.ToString());
    }

    /// <summary>The gold tables whose names start with <paramref name="prefix"/>, by name.</summary>
    private static List<string> DashboardTableNames(DuckDbConnection connection, string prefix)
    {
        using var tables = connection.Query(
            $"SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'gold' AND starts_with(table_name, '{prefix}') ORDER BY 1");
        var names = new List<string>();
        for (var r = 0; r < (int)tables.RowCount; r++)
        {
            names.Add(tables[0].GetString(r));
        }

        return names;
    }

    [Fact]
    public void Queries_OnlineRetailExport_EqualSqlOverRows()
    {
        using var warehouse = DashboardWarehouse.Open(retail.Warehouse, Path.Combine(retail.RunFolder, "predictions.csv"));
        using var queries = warehouse.Connect();
        using var check = DuckDbConnection.Open(retail.Warehouse, new DuckDbConfig { ReadOnly = true });
        var pairs = new List<(DashboardFilter, int)>();
        var compared = CompareAll(queries, check, retail.RunFolder, pairs: pairs);
        Assert.True(compared > 2_000, $"only {compared} cells compared");
        AssertPairsCompared(pairs);
    }

    [Theory]
    [InlineData(true, "demo")]
    [InlineData(false, "demo")]
    [InlineData(true, "retail")]
    public void Refresh_RowsIngestedAfterOpening_TablesEqualSqlOverRowsAgain(bool stored, string name)
    {
        var shop = name == "retail" ? (DashboardShop)retail : demo;
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(shop.Warehouse, copy);
        var predictions = Path.Combine(shop.RunFolder, "predictions.csv");
        using var database = DuckDbDatabase.Open(copy);
        using var writer = database.Connect();
        if (!stored)
        {
            writer.Execute("DROP TABLE gold.dashboard_stamp");
        }

        using var warehouse = DashboardWarehouse.Share(database, copy, predictions);
        Assert.Equal(stored, warehouse.Stored);

        // A month later, repeat purchases of a tenth of the customers (their lines too), move a tenth of the customers
        // to another country, and add web sessions: every kind of row the tables are made from changes.
        writer.Execute("""
            CREATE TEMP TABLE picked AS SELECT order_id FROM silver.orders WHERE customer_id IS NOT NULL AND hash(order_id) % 10 = 0;
            INSERT INTO silver.order_lines SELECT * REPLACE (order_id || '-again' AS order_id, now()::TIMESTAMP AS _ingested_at)
            FROM silver.order_lines WHERE order_id IN (SELECT order_id FROM picked);
            INSERT INTO silver.orders SELECT * REPLACE (order_id || '-again' AS order_id, ordered_at + INTERVAL 31 DAY AS ordered_at, now()::TIMESTAMP AS _ingested_at)
            FROM silver.orders WHERE order_id IN (SELECT order_id FROM picked);
            UPDATE silver.customers SET country = 'ZZ', _ingested_at = now()::TIMESTAMP WHERE hash(customer_id) % 10 = 1;
            INSERT INTO silver.sessions SELECT * REPLACE (session_id || '-again' AS session_id, started_at + INTERVAL 2 DAY AS started_at, now()::TIMESTAMP AS _ingested_at)
            FROM silver.sessions WHERE hash(session_id) % 10 = 2;
            """);
        Assert.True(warehouse.Refresh() > 0);
        using var queries = warehouse.Connect();
        var pairs = new List<(DashboardFilter, int)>();
        var compared = CompareAll(queries, writer, shop.RunFolder, ["ZZ"], pairs);
        Assert.True(compared > 2_000, $"only {compared} cells compared");
        if (shop == retail)
        {
            // The refreshed months' pair counts were compared too (the demo shop's orders hold one product each).
            AssertPairsCompared(pairs);
        }

        // Stored tables kept up to date keep their stamp true: the next start reads them.
        Assert.Equal(stored, DashboardWarehouse.IsStored(writer, predictions));
    }

    [Fact]
    public void Refresh_CustomersRefilled_SameBasketsBoundsAndSpendOrdersAsAStoreOneStatementAfterAnother()
    {
        // A refresh fills the baskets, bounds and spend orders of the touched customers only (from the orders table and
        // dash_people); the full store fills every customer's without that filter. Both give the same rows.
        using var temp = new TempFolder();
        var copy = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(retail.Warehouse, copy);
        var predictions = Path.Combine(retail.RunFolder, "predictions.csv");
        using var database = DuckDbDatabase.Open(copy);
        using var writer = database.Connect();
        using (var warehouse = DashboardWarehouse.Share(database, copy, predictions))
        {
            Assert.True(warehouse.Stored);
            writer.Execute("""
                CREATE TEMP TABLE picked AS SELECT order_id FROM silver.orders WHERE customer_id IS NOT NULL AND hash(order_id) % 7 = 0;
                INSERT INTO silver.order_lines SELECT * REPLACE (order_id || '-again' AS order_id, now()::TIMESTAMP AS _ingested_at)
                FROM silver.order_lines WHERE order_id IN (SELECT order_id FROM picked);
                INSERT INTO silver.orders SELECT * REPLACE (order_id || '-again' AS order_id, ordered_at + INTERVAL 20 DAY AS ordered_at, now()::TIMESTAMP AS _ingested_at)
                FROM silver.orders WHERE order_id IN (SELECT order_id FROM picked);
                """);
            Assert.True(warehouse.Refresh() > 0);
        }

        writer.Execute("""
            CREATE TABLE gold.kept_baskets AS SELECT * FROM gold.dashboard_baskets;
            CREATE TABLE gold.kept_bounds AS SELECT customer_id, cell, in_run, bound FROM gold.dashboard_bounds;
            CREATE TABLE gold.kept_spend AS SELECT b.customer_id, s.day, s.amount FROM gold.dashboard_spend_orders s JOIN gold.dashboard_bounds b USING (cust);
            """);
        var steps = DashboardWarehouse.Store(writer, predictions, beside: false);

        // One statement after another: none ran beside, and each one's CPU time is its own.
        Assert.Contains(steps, s => s.Step.StartsWith("INSERT INTO gold.staged_dashboard_visits_product", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.Step.StartsWith("beside:", StringComparison.Ordinal));
        Assert.All(steps, s => Assert.True(s.Cpu >= TimeSpan.Zero, s.Step));
        Assert.True(steps.Sum(s => s.Cpu.TotalMilliseconds) > 0);
        foreach (var (kept, stored) in new[]
        {
            ("SELECT * FROM gold.kept_baskets", "SELECT * FROM gold.dashboard_baskets"),
            ("SELECT * FROM gold.kept_bounds", "SELECT customer_id, cell, in_run, bound FROM gold.dashboard_bounds"),
            ("SELECT * FROM gold.kept_spend", "SELECT b.customer_id, s.day, s.amount FROM gold.dashboard_spend_orders s JOIN gold.dashboard_bounds b USING (cust)"),
        })
        {
            Assert.True(writer.Scalar<long>($"SELECT count(*) FROM ({stored})") > 100, stored);
            Assert.Equal(0, writer.Scalar<long>($"SELECT count(*) FROM ({kept} EXCEPT ALL {stored})"));
            Assert.Equal(0, writer.Scalar<long>($"SELECT count(*) FROM ({stored} EXCEPT ALL {kept})"));
        }

        // The refreshed purchases are in both: their baskets were filled by the refresh.
        Assert.True(writer.Scalar<long>("SELECT count(*) FROM gold.kept_baskets WHERE order_id LIKE '%-again'") > 10);
    }

    /// <summary>Asserts that the pairs compared were not all empty: under the whole range, a range of whole months, one
    /// starting and ending inside months, and one of those with a segment (whole months are summed from the monthly
    /// pair counts, partial ones joined from the baskets).</summary>
    private static void AssertPairsCompared(List<(DashboardFilter Filter, int Rows)> pairs)
    {
        static bool InsideMonth(DateOnly day) => day.Day != 1 && day.AddDays(1).Day != 1;
        Assert.Contains(pairs, p => p.Rows > 0 && p.Filter.Segment is null && p.Filter.From.Day == 1 && p.Filter.To.AddDays(1).Day == 1 && p.Filter.From.AddMonths(1) <= p.Filter.To);
        Assert.Contains(pairs, p => p.Rows > 0 && p.Filter.Segment is null && InsideMonth(p.Filter.From) && InsideMonth(p.Filter.To) && p.Filter.From.AddMonths(2) <= p.Filter.To);
        Assert.Contains(pairs, p => p.Rows > 0 && p.Filter.Segment is not null);
    }

    /// <summary>Every aggregate query under a set of filters; returns the cells compared. <paramref name="pairs"/>, when
    /// given, receives each filter and the rows of its pairs.</summary>
    private static int CompareAll(DashboardQueries queries, DuckDbConnection check, string runFolder, string[]? countries = null, List<(DashboardFilter, int)>? pairs = null)
    {
        var predictions = Path.Combine(runFolder, "predictions.csv").Replace("'", "''", StringComparison.Ordinal);
        var prelude = Reference("prelude.sql").Replace("{predictions}", predictions, StringComparison.Ordinal);
        var last = DateOnly.FromDateTime(check.Scalar<DateTime>("SELECT max(ordered_at) FROM silver.orders WHERE customer_id IS NOT NULL"));
        var first = DateOnly.FromDateTime(check.Scalar<DateTime>("SELECT min(ordered_at) FROM silver.orders WHERE customer_id IS NOT NULL"));
        var all = new DashboardFilter { From = first, To = last };
        var segments = queries.Segments(all);
        var filters = new List<DashboardFilter>
        {
            all,
            new() { From = last.AddYears(-1).AddDays(1), To = last },
            // Ranges starting and ending inside months, and a short one.
            new() { From = first.AddDays(45), To = last.AddDays(-40) },
            new() { From = last.AddDays(-100), To = last.AddDays(-60) },
            new() { From = last.AddDays(-9), To = last },
            // Whole months only, a range from a month's first day to a day inside a later month, and one from inside a
            // month to the end of the next (the breakdowns read whole months from the monthly sums).
            new() { From = FirstOfMonth(last.AddMonths(-7)), To = FirstOfMonth(last.AddMonths(-1)).AddDays(-1) },
            new() { From = FirstOfMonth(last.AddMonths(-5)), To = last.AddDays(-20) },
            new() { From = FirstOfMonth(last.AddMonths(-4)).AddDays(17), To = FirstOfMonth(last.AddMonths(-2)).AddDays(-1) },
        };
        for (var r = 0; r < Math.Min(3, segments.RowCount); r++)
        {
            filters.Add(filters[2] with { Segment = segments.Text(r, "segment") });
        }

        foreach (var country in (countries ?? []).Concat(Strings(check, "SELECT DISTINCT country FROM silver.customers WHERE country IS NOT NULL ORDER BY 1 LIMIT 2")))
        {
            filters.Add(filters[1] with { Country = country });
        }

        foreach (var channel in Strings(check, "SELECT DISTINCT acquisition_channel FROM silver.customers WHERE acquisition_channel IS NOT NULL ORDER BY 1 LIMIT 1"))
        {
            filters.Add(filters[2] with { Channel = channel, Segment = segments.RowCount > 0 ? segments.Text(0, "segment") : null });

            // A channel alone (the funnel then reads the tables per attribute value), over whole and partial months.
            filters.Add(filters[2] with { Channel = channel });
            filters.Add(filters[5] with { Channel = channel });
        }

        var cells = 0;
        foreach (var filter in filters)
        {
            object?[] values = [filter.From, filter.To, filter.Segment, filter.Country, filter.Channel];
            DashboardTable Expected(string file, params object?[] extra)
            {
                using var result = check.Query(prelude + "\n" + Reference(file).Replace("{predictions}", predictions, StringComparison.Ordinal), [.. values, .. extra]);
                return DashboardTable.From(result);
            }

            var name = filter.ToString();
            cells += Same(name + " kpis", Expected("kpis.sql"), queries.Kpis(filter));
            cells += Same(name + " monthly", Expected("monthly.sql"), queries.Monthly(filter));
            cells += Same(name + " segments", Expected("segments.sql"), queries.Segments(filter));
            cells += Same(name + " breakdowns", Expected("breakdowns.sql"), queries.Breakdowns(filter));
            cells += Same(name + " cohorts", Expected("cohorts.sql"), queries.Cohorts(filter));
            cells += Same(name + " churn bins", Expected("churn_bins.sql"), queries.ChurnBins(filter));
            foreach (var limit in new[] { 50, DashboardQueries.AtRiskKept, DashboardQueries.AtRiskKept + 1 })
            {
                cells += Same(name + $" at risk, first {limit}", Expected("at_risk.sql", limit), queries.AtRisk(filter, limit));
            }

            cells += Same(name + " seasonality", Expected("seasonality.sql"), queries.Seasonality(filter));
            var expectedPairs = Expected("pairs.sql", 40);
            cells += Same(name + " pairs", expectedPairs, queries.Pairs(filter, 40));
            pairs?.Add((filter, expectedPairs.RowCount));
            cells += Same(name + " by revenue", Expected("customers_by_revenue.sql", "revenue", 3, 25), queries.Customers(filter, "revenue", 3, 25));
            foreach (var (sort, skip) in new[] { ("churn", 0), ("churn", 7), ("churn", 130), ("clv", 0), ("clv", 12), ("id", 5), ("id", 260) })
            {
                cells += Same(name + $" by {sort}, skip {skip}", Expected("customers.sql", sort, skip, 20), queries.Customers(filter, sort, skip, 20));
            }

            // Pages of three past the first cells' first rows: a page ending at row N reads each kept cell's first N.
            foreach (var sort in new[] { "churn", "clv", "id" })
            {
                cells += Same(name + $" by {sort}, skip 9, take 3", Expected("customers.sql", sort, 9, 3), queries.Customers(filter, sort, 9, 3));
            }


            // Summing only the customers of the highest revenue bounds first (few of them, so that the page is
            // sometimes answered from them and sometimes not): the same page either way, deep pages too.
            foreach (var (skip, candidates) in new[] { (0, 30), (3, 40), (10, 120), (60, 90) })
            {
                cells += Same(name + $" by revenue from {candidates} candidates, skip {skip}", Expected("customers_by_revenue.sql", "revenue", skip, 20), queries.Customers(filter, "revenue", skip, 20, candidates));
            }
            // From the sessions even when the shop has click events (the funnel of a shop without them).
            cells += Same(name + " funnel", Expected("session_funnel.sql", "category", 1_000), queries.SessionFunnel(filter, "category", 1_000));
            cells += Same(name + " leaks", Expected("session_funnel.sql", "product", 25), queries.SessionFunnel(filter, "product", 25));
        }

        return cells;
    }

    /// <summary>Asserts that every column of <paramref name="expected"/> holds the same values in
    /// <paramref name="actual"/>, row by row; returns the cells compared.</summary>
    private static int Same(string what, DashboardTable expected, DashboardTable actual)
    {
        Assert.True(expected.RowCount == actual.RowCount, $"{what}: {expected.RowCount} rows expected, {actual.RowCount} given");
        foreach (var column in expected.Columns)
        {
            for (var r = 0; r < expected.RowCount; r++)
            {
                var e = expected.Value(r, column);
                var a = actual.Value(r, column);
                if (e is null || a is null)
                {
                    Assert.True(e is null && a is null, $"{what}: {column} row {r}: {e ?? "NULL"} expected, {a ?? "NULL"} given");
                }
                else if (e is string or DateTime or DateOnly)
                {
                    Assert.True(Text(e) == Text(a), $"{what}: {column} row {r}: {Text(e)} expected, {Text(a)} given");
                }
                else
                {
                    var x = expected.Number(r, column);
                    var y = actual.Number(r, column);
                    Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)), $"{what}: {column} row {r}: {x} expected, {y} given");
                }
            }
        }

        return expected.RowCount * expected.Columns.Count;
    }

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static string Text(object value) => value switch
    {
        DateTime t => DateOnly.FromDateTime(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static List<string> Strings(DuckDbConnection connection, string sql)
    {
        using var result = connection.Query(sql);
        var values = new List<string>();
        for (var r = 0; r < (int)result.RowCount; r++)
        {
            values.Add(result[0].GetString(r));
        }

        return values;
    }

    private static string Reference(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Dashboard", "Reference", file));
}
