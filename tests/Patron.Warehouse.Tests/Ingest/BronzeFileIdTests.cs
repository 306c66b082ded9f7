using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>
/// Bronze rows name their file by an id in <c>bronze.files</c> instead of repeating its path: the path of every row is
/// still answered (through the id, and in silver as before), and a warehouse written when bronze held the path on every
/// row gets ids at its next ingest, ending with the rows and lineage a warehouse that always had ids holds.
/// </summary>
public sealed class BronzeFileIdTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddHours(1);

    private static readonly string[] RowTables = ["generic_customers", "generic_products", "generic_transactions", "generic_sessions"];

    private static string FirstExport(string folder)
        => GenericShop.Write(folder, sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));

    /// <summary>New orders and sessions, a line the reader rejects, and the first export's customers and products again
    /// (skipped: same content).</summary>
    private static string SecondExport(string folder) => GenericShop.Write(folder,
        transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
        [
            "T900,C1,P1,2,12.50,0,2024-04-01 10:00:00,card",
            "T901,C2,P2,1,99.00,0,2024-04-02 11:00:00,paypal",
            "T902,C2,P1,abc,12.50,0,2024-04-03 12:00:00,card",
        ]),
        sessions: GenericShop.Csv(GenericShop.SessionsHeader,
        [
            "S900,C1,2024-04-01 09:58:00,300,4,P1,1",
            "S901,C2,2024-04-02 10:59:00,120,2,P2,true",
        ]));

    [Fact]
    public void Ingest_BronzeRowsNameTheirFileById_AndTheIdsGiveThePathsBack()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var first = FirstExport(temp.Folder("first"));
        var second = SecondExport(temp.Folder("second"));
        new Ingestor(new FixedTime(First)).Ingest(warehouse, new GenericSource(), first);
        new Ingestor(new FixedTime(Second)).Ingest(warehouse, new GenericSource(), second);

        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'bronze' AND column_name = '_source_file'"));

        // One id per file loaded by each ingest, each the file the ingest log names (4 files, then 2 new ones).
        Assert.Equal(6, WarehouseProbe.Count(warehouse, "bronze.files"));
        Assert.Equal(6, WarehouseProbe.Count(warehouse, "SELECT count(DISTINCT file_id) FROM bronze.files"));
        Assert.Equal(6, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM bronze.ingest_log l JOIN bronze.files f ON f.path = l.file_path AND f._ingested_at = l.ingested_at"));

        // Every bronze row's id is a file of its own ingest, and its rows are that file's.
        foreach (var table in RowTables)
        {
            Assert.Equal(0, WarehouseProbe.Count(warehouse,
                $"SELECT count(*) FROM bronze.{table} b ANTI JOIN bronze.files f ON f.file_id = b._file_id AND f._ingested_at = b._ingested_at"));
        }

        Assert.Equal(2, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM bronze.generic_transactions b JOIN bronze.files f ON f.file_id = b._file_id WHERE f.path = '{Path.Combine(second, "transactions.csv")}'"));
        Assert.Equal(2, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM bronze.generic_sessions b JOIN bronze.files f ON f.file_id = b._file_id WHERE f.path = '{Path.Combine(second, "sessions.csv")}'"));

        // Silver names the paths, as before: each of its rows' paths is a file in bronze.files, and the new orders name the second export's file.
        Assert.Equal(0, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM (SELECT _source_file FROM silver.orders UNION ALL SELECT _source_file FROM silver.sessions UNION ALL SELECT _source_file FROM silver.customers) s "
            + "WHERE s._source_file NOT IN (SELECT path FROM bronze.files)"));
        Assert.Equal(2, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM silver.orders WHERE _source_file = '{Path.Combine(second, "transactions.csv")}'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.rejects WHERE file_name = 'transactions.csv' AND line = 4"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ingest_IntoAWarehouseWithThePathOnEveryBronzeRow_GivesItsRowsFileIds(bool staged)
    {
        using var temp = new TempFolder();
        var first = FirstExport(temp.Folder("first"));
        var second = SecondExport(temp.Folder("second"));
        var current = temp.File("current.duckdb");
        var earlier = temp.File("earlier.duckdb");
        new Ingestor(new FixedTime(First)).Ingest(current, new GenericSource(), first);
        new Ingestor(new FixedTime(First)).Ingest(earlier, new GenericSource(), first);
        ToPathOnEveryRow(earlier);
        Assert.Equal(RowTables.Length, WarehouseProbe.Count(earlier,
            "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'bronze' AND column_name = '_source_file'"));

        var options = new IngestOptions { StagedRebuild = staged };
        var a = new Ingestor(new FixedTime(Second)).Ingest(current, new GenericSource(), second, options);
        var b = new Ingestor(new FixedTime(Second)).Ingest(earlier, new GenericSource(), second, options);

        Assert.Equal(a.Silver, b.Silver);
        Assert.True(a.Silver.Orders > 0 && a.Silver.Sessions > 0);
        Assert.Equal(0, WarehouseProbe.Count(earlier, "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'bronze' AND column_name = '_source_file'"));
        Assert.Equal(0, WarehouseProbe.Count(earlier, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%__paths'"));
        Assert.Equal(Lineage(current), Lineage(earlier));
    }

    /// <summary>Rewrites a warehouse's bronze tables as they were before file ids: the path on every row (in the column
    /// order of then), no <c>bronze.files</c>.</summary>
    private static void ToPathOnEveryRow(string warehouse)
    {
        using var connection = DuckDbConnection.Open(warehouse);
        foreach (var table in RowTables)
        {
            connection.Execute($"""
                CREATE TABLE bronze.{table}__before AS
                SELECT b.* EXCLUDE (_file_id, _row_number), f.path AS _source_file, b._row_number
                FROM bronze.{table} b JOIN bronze.files f ON f.file_id = b._file_id ORDER BY b.rowid;
                DROP TABLE bronze.{table};
                ALTER TABLE bronze.{table}__before RENAME TO {table};
                """);
        }

        connection.Execute("DROP TABLE bronze.files; CHECKPOINT;");
    }

    /// <summary>Every table's rows, sorted, with each bronze row's file id read as the path it stands for (two warehouses
    /// may number the same files differently) and the files themselves as path and ingest time.</summary>
    private static List<string> Lineage(string warehouse)
    {
        using var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true });
        var tables = connection.Query(
            "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1");
        var lines = new List<string>();
        for (var i = 0; i < tables.RowCount; i++)
        {
            var table = tables["t"].GetString(i);
            var sql = table switch
            {
                "bronze.files" => "SELECT path, _ingested_at FROM bronze.files",
                _ when RowTables.Contains(table["bronze.".Length..]) && table.StartsWith("bronze.", StringComparison.Ordinal)
                    => $"SELECT b.* EXCLUDE (_file_id), f.path FROM {table} b JOIN bronze.files f ON f.file_id = b._file_id",
                _ => $"SELECT * FROM {table}",
            };
            var rows = connection.Query($"SELECT * FROM ({sql}) ORDER BY ALL");
            lines.Add($"{table}: {rows.RowCount}");
            for (var r = 0; r < rows.RowCount; r++)
            {
                lines.Add(string.Join("|", rows.Columns.Select(c => c.GetValue(r)?.ToString() ?? "∅")));
            }
        }

        return lines;
    }
}
