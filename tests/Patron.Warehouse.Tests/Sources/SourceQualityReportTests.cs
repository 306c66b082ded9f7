using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>The quality report of each source's export lists the shared checks and the source's own, with their titles.</summary>
public sealed class SourceQualityReportTests
{
    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Read_AfterIngest_ListsTheSourcesOwnChecks(string source)
    {
        var @case = SourceCase.Get(source);
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))).Ingest(warehouse, @case.Source, @case.WriteExport(temp.Folder("export")));

        QualityReport report;
        using (var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true }))
        {
            report = QualityReporter.Read(connection);
        }

        Assert.Equal([source], report.Sources);
        var html = QualityHtml.Render(report);
        foreach (var check in QualityCatalog.Checks.Concat(@case.Source.Checks))
        {
            Assert.Contains(report.Checks, c => c.Name == check.Name);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(check.Title), html, StringComparison.Ordinal);
        }

        // Every finding's check is known to the catalog, so the report can title it.
        Assert.All(report.Findings, f => Assert.NotNull(QualityCatalog.Find(f.Check)));
    }
}
