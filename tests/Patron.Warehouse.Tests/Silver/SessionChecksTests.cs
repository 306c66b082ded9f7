using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Sources.Sessions;
using Patron.Warehouse.Tests.Sources;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The shared checks of web sessions (Sql/Silver/sessions.sql and the sessions' deduplication), for every source
/// that fills silver.sessions: each defect reported with its file and row, and silver holding what the rules say.</summary>
public sealed class SessionChecksTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One defect per row, numbered as data rows of sessions.csv (the comments give the row).</summary>
    private static readonly string[] DefectiveSessions =
    [
        "S1,C1,2024-01-10 09:55:00,600,12,P1,1", // 1: clean; the visit of T1
        "S2,C1,2024-01-12 20:00:00,-95,3,P2,0", // 2: negative duration
        "S3,,2024-01-13 08:00:00,12,-1,,false", // 3: negative page views (anonymous, which is fine)
        "S4,C9,2024-03-01 18:00:00,300,6,P2,0", // 4: customer not in customers.csv
        "S5,C2,2027-01-01 10:00:00,60,2,P1,0", // 5: starts after the check time
        "S6,C2,1999-12-31 23:00:00,60,2,P1,0", // 6: starts before the shop opened
        "S1,C1,2024-01-10 09:55:00,600,12,P1,1", // 7: exact copy of row 1
        "S2,C1,2024-01-12 21:00:00,30,1,P2,0", // 8: S2 again with other content
        ",C1,2024-01-14 10:00:00,10,1,,0", // 9: no session id
        "S7,C3,2024-02-02 10:00:00,,,,0", // 10: clean, with its optional values empty
        "S8,C2,2024-01-20 09:00:00,-10,4,P1,1", // 11: negative duration of the visit of T3 (15 minutes in)
    ];

    private static IngestResult Ingest(string warehouse, string folder)
        => new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), folder);

    private static List<string> SessionIssues(string warehouse) => WarehouseProbe.Rows(warehouse,
        "SELECT check_name, entity, entity_key, action, regexp_extract(_source_file, '[^/]+$'), _row_number "
        + "FROM silver.quality_issues WHERE entity = 'session' ORDER BY _row_number, check_name");

    [Fact]
    public void Ingest_GenericSessionsWithEachDefect_ReportsEachWithFileAndRow()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, DefectiveSessions));
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(
            [
                "negative_duration|session|S2|set to NULL|sessions.csv|2",
                "negative_page_views|session|S3|set to NULL|sessions.csv|3",
                "orphan_customers|session|S4|kept|sessions.csv|4",
                "future_timestamps|session|S5|quarantined|sessions.csv|5",
                "pre_opening_timestamps|session|S6|quarantined|sessions.csv|6",
                "exact_duplicates|session|S1|dropped|sessions.csv|7",
                "business_key_duplicates|session|S2|quarantined|sessions.csv|8",
                "missing_key|session|∅|quarantined|sessions.csv|9",
                "negative_duration|session|S8|set to NULL|sessions.csv|11",
            ],
            SessionIssues(warehouse));
    }

    [Fact]
    public void Ingest_GenericSessionsWithEachDefect_SilverHoldsWhatTheRulesKeep()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, DefectiveSessions));
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        // S1 and S2 from their first rows; negative measures cleared; S4 kept with its unknown customer; S5, S6, the
        // copy, the other S2 and the row without an id set aside. S8's unknown duration counts as an hour, so T3
        // (12.50, placed 15 minutes after the start) is its purchase.
        Assert.Equal(
            [
                "S1|C1|2024-01-10 09:55:00|600|12|P1|True|25",
                "S2|C1|2024-01-12 20:00:00|∅|3|P2|False|∅",
                "S3|∅|2024-01-13 08:00:00|12|∅|∅|False|∅",
                "S4|C9|2024-03-01 18:00:00|300|6|P2|False|∅",
                "S7|C3|2024-02-02 10:00:00|∅|∅|∅|False|∅",
                "S8|C2|2024-01-20 09:00:00|∅|4|P1|True|12.5",
            ],
            WarehouseProbe.Rows(warehouse,
                "SELECT session_id, customer_id, strftime(started_at, '%Y-%m-%d %H:%M:%S'), CAST(duration_sec AS BIGINT), page_views, product_id, "
                + "purchased, purchase_amount FROM silver.sessions ORDER BY session_id"));
        Assert.Equal(6, result.Silver.Sessions);

        // Every staged row is in silver or has a set-aside reason: 11 rows = 6 kept + 5 set aside.
        Assert.Equal(5, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.quality_issues WHERE entity = 'session' AND action IN ('quarantined', 'dropped')"));
    }

    [Fact]
    public void Quality_GenericSessionsWithEachDefect_SummarizesAndShowsTheSessionFindings()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, DefectiveSessions));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, folder);

        QualityReport report;
        using (var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true }))
        {
            report = QualityReporter.Read(connection);
        }

        // Rows found of the 11 rows staged, per check and action.
        Assert.Equal(
            [
                "missing_key|1|11|quarantined",
                "exact_duplicates|1|11|dropped",
                "business_key_duplicates|1|11|quarantined",
                "future_timestamps|1|11|quarantined",
                "pre_opening_timestamps|1|11|quarantined",
                "orphan_customers|1|11|kept",
                "negative_duration|2|11|set to NULL",
                "negative_page_views|1|11|set to NULL",
            ],
            report.Findings.Where(f => f.Entity == "session").Select(f => $"{f.Check}|{f.AffectedRows}|{f.CheckedRows}|{f.Action}"));
        Assert.Equal(["session S2 lasts -95.0 seconds (sessions.csv row 2)", "session S8 lasts -10.0 seconds (sessions.csv row 11)"],
            report.Findings.Single(f => f.Check == "negative_duration").Examples);

        var html = QualityHtml.Render(report);
        Assert.Contains("Sessions with a negative duration", html, StringComparison.Ordinal);
        Assert.Contains("session S5 started at 2027-01-01 10:00:00, after the check time (sessions.csv row 5)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_CleanGenericSessions_ReportNothingOnSessions()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, folder);

        Assert.Empty(SessionIssues(warehouse));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_summary WHERE entity = 'session'"));
        Assert.Equal(4, WarehouseProbe.Count(warehouse, "silver.sessions"));
    }

    [Fact]
    public void Ingest_OverlappingSessionExports_ReportTheRepeatedSessionsOfTheLaterExport()
    {
        using var temp = new TempFolder();
        var first = GenericShop.Write(temp.Folder("export1"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions[..2]));
        // The later export repeats S2 as it was and gives S3 twice, the second time with another duration.
        var second = GenericShop.Write(temp.Folder("export2"), sessions: GenericShop.Csv(GenericShop.SessionsHeader,
            [GenericShop.Sessions[1], GenericShop.Sessions[2], "S3,,2024-01-13 08:00:00,13,1,,false"]));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, first);

        new Ingestor(new FixedTime(Now.AddDays(1))).Ingest(warehouse, new GenericSource(), second);

        Assert.Equal(
            [
                "exact_duplicates|session|S2|dropped|sessions.csv|1",
                "business_key_duplicates|session|S3|quarantined|sessions.csv|3",
            ],
            SessionIssues(warehouse));
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'exact_duplicates' AND _source_file LIKE '%export2%'"));
        Assert.Equal(["S1|600", "S2|95", "S3|12"],
            WarehouseProbe.Rows(warehouse, "SELECT session_id, CAST(duration_sec AS BIGINT) FROM silver.sessions ORDER BY 1"));
    }

    [Fact]
    public void Ingest_SessionsSource_RunsTheSharedSessionChecksToo()
    {
        using var temp = new TempFolder();
        var folder = SessionsSourceTests.Write(temp.Folder("export"), sessions:
        [
            "S1,C001,2023-03-01,Laptop,320,Yes,899.00",
            "S1,C001,2023-03-01,Laptop,320,Yes,899.00",
            "S2,C009,2023-03-04,Headphones,45,No,",
            "S3,C002,2027-03-05,Headphones,-120,1,59.90",
            ",C002,2023-03-06,Phone,30,No,",
        ]);
        var warehouse = temp.File("w.duckdb");

        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new SessionsSource(), folder);

        Assert.Equal(
            [
                "exact_duplicates|session|S1|dropped|sessions.csv|2",
                "orphan_customers|session|S2|kept|sessions.csv|3",
                "future_timestamps|session|S3|quarantined|sessions.csv|4",
                "negative_duration|session|S3|set to NULL|sessions.csv|4",
                "missing_key|session|∅|quarantined|sessions.csv|5",
            ],
            SessionIssues(warehouse));
        Assert.Equal(["S1|C001", "S2|C009"], WarehouseProbe.Rows(warehouse, "SELECT session_id, customer_id FROM silver.sessions ORDER BY 1"));
        // The purchase sessions' orders go through the order checks as before: the copy and the future order are set
        // aside, so the repeated purchase session is reported on the order too.
        Assert.Equal(["S1"], WarehouseProbe.Rows(warehouse, "SELECT order_id FROM silver.orders ORDER BY 1"));
        Assert.Equal(
            ["exact_duplicates|order|S1|2", "future_timestamps|order|S3|4"],
            WarehouseProbe.Rows(warehouse,
                "SELECT check_name, entity, entity_key, _row_number FROM silver.quality_issues WHERE entity = 'order' ORDER BY _row_number"));
    }
}
