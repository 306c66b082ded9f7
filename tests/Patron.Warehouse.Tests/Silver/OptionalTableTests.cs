using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources.Olist;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>Optional tables (payments, reviews, events, ...): rows without their key, copies and reused keys are
/// reported like those of the core entities, and silver keeps the first row of each key.</summary>
public sealed class OptionalTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void All_KeyAndContent_CoverEveryColumnOfTheSilverTable()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        WarehouseSchema.Ensure(connection);

        foreach (var table in OptionalTable.All)
        {
            var columns = connection.Query(
                $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'silver' AND table_name = '{table.Table}' ORDER BY column_name");
            var expected = new SortedSet<string>(table.Key.Concat(table.Content).Append("source").Append("_source_file").Append("_ingested_at"), StringComparer.Ordinal);
            Assert.Equal(expected, Enumerable.Range(0, (int)columns.RowCount).Select(r => columns[0].GetString(r)).Order(StringComparer.Ordinal));
            Assert.Subset(expected, table.Required.ToHashSet());
        }
    }

    [Fact]
    public void Ingest_OlistPaymentsAndReviewsWithRepeats_ReportsThemAndKeepsTheFirstRow()
    {
        using var temp = new TempFolder();
        var folder = Samples.CopyFolder(Samples.Olist, temp.Folder("olist"));
        var paymentsPath = Path.Combine(folder, "olist_order_payments_dataset.csv");
        var reviewsPath = Path.Combine(folder, "olist_order_reviews_dataset.csv");
        var payments = CsvRecords.Read(paymentsPath);
        var reviews = CsvRecords.Read(reviewsPath);
        var payment = payments.Rows[0];
        var review = reviews.Rows.First(r => r[reviews.Index("review_comment_title")].Length == 0 && r[reviews.Index("review_comment_message")].Length == 0);
        var changedScore = (string[])review.Clone();
        changedScore[reviews.Index("review_score")] = review[reviews.Index("review_score")] == "1" ? "2" : "1";
        Append(paymentsPath,
            string.Join(',', payment),
            $"{payment[0]},{payment[1]},voucher,1,1.00",
            ",1,boleto,1,10.00");
        Append(reviewsPath, string.Join(',', review), string.Join(',', changedScore));
        var warehouse = temp.File("w.duckdb");

        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new OlistSource(), folder);

        var p = payments.Rows.Count;
        var r = reviews.Rows.Count;
        Assert.Equal(
            [
                $"payment|exact_duplicates|{payment[0]}#1|dropped|{p + 1}",
                $"payment|business_key_duplicates|{payment[0]}#1|quarantined|{p + 2}",
                $"payment|missing_key|∅|quarantined|{p + 3}",
                $"review|exact_duplicates|{review[0]}#{review[1]}|dropped|{r + 1}",
                $"review|business_key_duplicates|{review[0]}#{review[1]}|quarantined|{r + 2}",
            ],
            WarehouseProbe.Rows(warehouse,
                "SELECT entity, check_name, entity_key, action, _row_number FROM silver.quality_issues "
                + $"WHERE (entity = 'payment' AND _row_number > {p}) OR (entity = 'review' AND _row_number > {r}) ORDER BY entity, _row_number"));
        Assert.Equal(p, WarehouseProbe.Count(warehouse, "silver.payments"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM silver.payments WHERE order_id = '{payment[0]}' AND sequence = 1 AND payment_type = '{payment[2]}'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM silver.reviews WHERE review_id = '{review[0]}' AND order_id = '{review[1]}' AND score = {review[reviews.Index("review_score")]}"));
    }

    [Fact]
    public void Ingest_EventsWithCopies_DropsCopiesAndKeepsEventsThatDifferOnlyInProduct()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("export");
        File.WriteAllText(Path.Combine(folder, "events.csv"), GenericShop.Csv(EventLogSource.Header,
        [
            "E1,C1,2024-01-01 10:00:00,view,P1",
            "E1,C1,2024-01-01 10:00:00,view,P2",
            "E1,C1,2024-01-01 10:00:00,view,P1",
            ",C1,2024-01-01 10:01:00,cart,P1",
            "E2,,2024-01-02 11:00:00,view,",
            "E2,,2024-01-02 11:00:00,view,",
        ]));
        var warehouse = temp.File("w.duckdb");

        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new EventLogSource(), folder);

        Assert.Equal(
            [
                "exact_duplicates|E1#2024-01-01 10:00:00#view|dropped|3",
                "missing_key|∅|quarantined|4",
                "exact_duplicates|E2#2024-01-02 11:00:00#view|dropped|6",
            ],
            WarehouseProbe.Rows(warehouse, "SELECT check_name, entity_key, action, _row_number FROM silver.quality_issues WHERE entity = 'event' ORDER BY _row_number"));
        Assert.Equal(["E1|C1|P1", "E1|C1|P2", "E2|∅|∅"],
            WarehouseProbe.Rows(warehouse, "SELECT session_id, customer_id, product_id FROM silver.events ORDER BY ALL"));
        Assert.Equal(["exact_duplicates|2|6", "missing_key|1|6"],
            WarehouseProbe.Rows(warehouse, "SELECT check_name, affected_rows, checked_rows FROM silver.quality_summary WHERE entity = 'event' ORDER BY 1"));
    }

    /// <summary>Appends rows with the file's own line ending (the Olist sample mixes LF and CRLF files).</summary>
    private static void Append(string path, params string[] rows)
    {
        var text = File.ReadAllText(path);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        File.AppendAllText(path, (text.EndsWith('\n') ? "" : newline) + string.Join(newline, rows) + newline);
    }
}
