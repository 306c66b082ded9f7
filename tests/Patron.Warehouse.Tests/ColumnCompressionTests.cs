using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests;

/// <summary>The compression named for the lineage columns, the row keys and the few-valued order columns of bronze and
/// silver (ColumnCompression): in
/// the definitions, in the tables DuckDB stores, and in the staged copies an ingest into an existing warehouse makes.</summary>
public sealed class ColumnCompressionTests
{
    [Fact]
    public void Apply_NamesTheMethods_OfTheLineageColumnsTheKeysAndTheOrderStatusOfSilver()
    {
        var sql = ColumnCompression.Apply("""
            CREATE TABLE IF NOT EXISTS silver.orders (
                order_id        VARCHAR NOT NULL,
                customer_id     VARCHAR,
                status          VARCHAR NOT NULL,
                payment_method  VARCHAR,
                source          VARCHAR NOT NULL,
                _source_file    VARCHAR NOT NULL,
                _ingested_at    TIMESTAMP NOT NULL
            );

            CREATE TABLE IF NOT EXISTS silver.order_lines (
                order_id        VARCHAR NOT NULL,
                status          VARCHAR,
                source          VARCHAR NOT NULL,
                _source_file    VARCHAR NOT NULL
            );
            """);

        Assert.Equal("""
            CREATE TABLE IF NOT EXISTS silver.orders (
                order_id        VARCHAR NOT NULL USING COMPRESSION fsst,
                customer_id     VARCHAR,
                status          VARCHAR NOT NULL USING COMPRESSION dictionary,
                payment_method  VARCHAR USING COMPRESSION dictionary,
                source          VARCHAR NOT NULL USING COMPRESSION dictionary,
                _source_file    VARCHAR NOT NULL USING COMPRESSION dictionary,
                _ingested_at    TIMESTAMP NOT NULL
            );

            CREATE TABLE IF NOT EXISTS silver.order_lines (
                order_id        VARCHAR NOT NULL,
                status          VARCHAR,
                source          VARCHAR NOT NULL USING COMPRESSION dictionary,
                _source_file    VARCHAR NOT NULL USING COMPRESSION dictionary
            );
            """, sql);
        Assert.Equal(sql, ColumnCompression.Apply(sql));
    }

    [Fact]
    public void Apply_ReadsTheDefinitionsAsDuckDbPrintsThem_AndLeavesBronzeDataAndOtherSchemasAlone()
    {
        // A staged copy is made from the SQL duckdb_tables() gives, which quotes "source" and leaves the methods out.
        Assert.Equal(
            "CREATE TABLE silver.sessions__next(session_id VARCHAR NOT NULL USING COMPRESSION fsst, customer_id VARCHAR, "
            + "\"source\" VARCHAR NOT NULL USING COMPRESSION dictionary, _source_file VARCHAR NOT NULL USING COMPRESSION dictionary, _ingested_at TIMESTAMP NOT NULL);",
            ColumnCompression.Apply("CREATE TABLE silver.sessions__next(session_id VARCHAR NOT NULL, customer_id VARCHAR, "
                + "\"source\" VARCHAR NOT NULL, _source_file VARCHAR NOT NULL, _ingested_at TIMESTAMP NOT NULL);"));

        // Bronze: the file's own columns (a column named source among them) keep DuckDB's choice; the lineage column does not.
        Assert.Equal(
            "CREATE TABLE IF NOT EXISTS bronze.generic_sessions (\"session_id\" VARCHAR, \"source\" VARCHAR, "
            + "_ingested_at TIMESTAMP NOT NULL, _source_file VARCHAR NOT NULL USING COMPRESSION dictionary, _row_number BIGINT NOT NULL);",
            ColumnCompression.Apply("CREATE TABLE IF NOT EXISTS bronze.generic_sessions (\"session_id\" VARCHAR, \"source\" VARCHAR, "
                + "_ingested_at TIMESTAMP NOT NULL, _source_file VARCHAR NOT NULL, _row_number BIGINT NOT NULL);"));

        const string gold = "CREATE TABLE IF NOT EXISTS gold.orders (order_id VARCHAR NOT NULL, source VARCHAR NOT NULL, _source_file VARCHAR);";
        Assert.Equal(gold, ColumnCompression.Apply(gold));
    }

    [Fact]
    public void Warehouse_StoresTheNamedMethod_InSilverInItsStagedCopyAndInBronze()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero))).Ingest(warehouse, new GenericSource(),
            GenericShop.Write(temp.Folder("shop"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions)));
        using var connection = DuckDbConnection.Open(warehouse);
        var stage = SilverStage.Begin(connection, new GenericSource());
        Assert.Contains("orders", stage.Tables);

        // Three order ids over 150,000 rows: left to choose, DuckDB stores them as a dictionary (the control table); the
        // order key is named FSST, and a file path named dictionary stays one even where FSST would be tried. A status per
        // row, which DuckDB left to choose stores with FSST, is stored as the dictionary named for an order's status.
        const string rows = "SELECT 'O' || (i % 3), NULL, TIMESTAMP '2026-01-01', 'S' || i, TRUE, FALSE, 'card', NULL, NULL, NULL, NULL, NULL, "
            + "'generic', '/data/shop/transactions.csv', TIMESTAMP '2026-11-01' FROM range(150000) r(i)";
        // A payment method per row: left to choose, DuckDB stores them with FSST; bronze's is the dictionary the generic
        // source declares for it.
        const string transactions = "SELECT 'T' || i, 'C1', 'P1', 1, 1.0, 0.0, TIMESTAMP '2026-01-01', 'M' || i, TIMESTAMP '2026-11-01', 1, i "
            + "FROM range(150000) r(i)";
        connection.Execute($"""
            INSERT INTO silver.orders {rows};
            INSERT INTO silver.orders__next {rows};
            CREATE TABLE main.control AS SELECT * FROM silver.orders LIMIT 0;
            INSERT INTO main.control {rows};
            INSERT INTO bronze.generic_sessions
            SELECT 'S' || (i % 3), 'C' || (i % 3), NULL, NULL, NULL, NULL, FALSE, TIMESTAMP '2026-11-01', 1, i FROM range(150000) r(i);
            CREATE TABLE main.control_transactions AS SELECT * FROM bronze.generic_transactions LIMIT 0;
            INSERT INTO bronze.generic_transactions {transactions};
            INSERT INTO main.control_transactions {transactions};
            CHECKPOINT;
            """);

        Assert.Equal(["FSST"], Methods(connection, "silver.orders", "order_id"));
        Assert.Equal(["FSST"], Methods(connection, "silver.orders__next", "order_id"));
        Assert.Equal(["Dictionary"], Methods(connection, "main.control", "order_id"));
        Assert.Equal(["Dictionary"], Methods(connection, "silver.orders__next", "source"));
        Assert.Equal(["Dictionary"], Methods(connection, "silver.orders__next", "_source_file"));
        Assert.Equal(["FSST"], Methods(connection, "main.control", "status"));
        Assert.Equal(["Dictionary"], Methods(connection, "silver.orders", "status"));
        Assert.Equal(["Dictionary"], Methods(connection, "silver.orders__next", "status"));
        Assert.Equal(["Dictionary"], Methods(connection, "silver.orders__next", "payment_method"));
        // A bronze row names its file by id: one value per file, which DuckDB stores as a constant (or a run).
        var fileIds = Methods(connection, "bronze.generic_sessions", "_file_id", "INTEGER");
        Assert.NotEmpty(fileIds);
        Assert.All(fileIds, method => Assert.Contains(method, (string[])["Constant", "RLE"]));

        // The generic source declares its session id a row key; its customer id keeps DuckDB's choice.
        Assert.Equal(["FSST"], Methods(connection, "bronze.generic_sessions", "session_id"));
        Assert.Equal(["Dictionary"], Methods(connection, "bronze.generic_sessions", "customer_id"));
        Assert.Equal(["FSST"], Methods(connection, "main.control_transactions", "payment_method"));
        Assert.Equal(["Dictionary"], Methods(connection, "bronze.generic_transactions", "payment_method"));
        Assert.Equal(["FSST"], Methods(connection, "bronze.generic_transactions", "transaction_id"));
        SilverStage.Discard(connection);
    }

    /// <summary>The methods of a column's data segments (validity and the like, stored as constants, left out).</summary>
    private static List<string> Methods(DuckDbConnection connection, string table, string column, string type = "VARCHAR")
    {
        using var result = connection.Query(
            $"SELECT DISTINCT compression FROM pragma_storage_info('{table}') WHERE column_name = '{column}' AND segment_type = '{type}' ORDER BY 1");
        var methods = new List<string>();
        for (var i = 0; i < result.RowCount; i++)
        {
            methods.Add(result.Columns[0].GetString(i));
        }

        return methods;
    }
}
