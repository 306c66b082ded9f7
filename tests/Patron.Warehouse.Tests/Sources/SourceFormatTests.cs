using System.IO.Compression;
using System.Text;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>For every source: rows with unreadable values are rejected one for one, at the lines the test computes
/// itself; the same data re-written quoted, with a byte-order mark, CRLF and gzip lands identically.</summary>
public sealed class SourceFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(SourceCase @case, string warehouse, string folder)
        => new Ingestor(new FixedTime(Now)).Ingest(warehouse, @case.Source, folder);

    private static bool Whitespace(SourceCase @case) => @case.Source.Name == "cdnow";

    /// <summary>Every field quoted, doubled inner quotes, CRLF line ends.</summary>
    private static string Quoted(IEnumerable<string[]> records)
        => string.Concat(records.Select(r => string.Join(',', r.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\r\n"));

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_UnreadableValues_AreRejectedOneForOneAtTheirLines(string source)
    {
        var @case = SourceCase.Get(source);
        using var temp = new TempFolder();
        var folder = @case.WriteExport(temp.Folder("export"));
        var main = Path.Combine(folder, @case.MainFile);
        var expectedLines = new List<long>();
        int total;
        if (Whitespace(@case))
        {
            var lines = File.ReadAllLines(main);
            var position = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), @case.TypedColumn);
            for (var i = 1; i < lines.Length; i += 7)
            {
                var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                fields[position] = "n/a";
                lines[i] = string.Join("  ", fields);
                expectedLines.Add(i + 1);
            }

            total = lines.Length - 1;
            File.WriteAllLines(main, lines);
        }
        else
        {
            var csv = CsvRecords.Read(main);
            Assert.DoesNotContain(csv.Rows, r => r.Any(f => f.Contains('\n', StringComparison.Ordinal)));
            var column = csv.Index(@case.TypedColumn);
            for (var i = 0; i < csv.Rows.Count; i += 7)
            {
                csv.Rows[i][column] = "n/a";
                expectedLines.Add(i + 2);
            }

            total = csv.Rows.Count;
            File.WriteAllText(main, Quoted([csv.Header, .. csv.Rows]));
        }

        var result = Ingest(@case, temp.File("w.duckdb"), folder);

        var file = result.Files.Single(f => f.FileName == @case.MainFile);
        Assert.Equal(expectedLines.Count, file.RowsRejected);
        Assert.Equal(total - expectedLines.Count, file.RowsLoaded);
        var rejected = result.RejectSamples.Where(r => r.FileName == @case.MainFile).ToList();
        Assert.Equal(expectedLines.Take(rejected.Count), rejected.Select(r => r.Line!.Value).Order());
        Assert.All(rejected, r => Assert.Equal(@case.TypedColumn, r.Column));
    }

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_QuotedBomCrlfGzipVariant_LandsTheSameRows(string source)
    {
        var @case = SourceCase.Get(source);
        using var temp = new TempFolder();
        var plain = @case.WriteExport(temp.Folder("plain"));
        var variant = @case.WriteExport(temp.Folder("variant"));
        var main = Path.Combine(variant, @case.MainFile);
        var text = Whitespace(@case)
            ? File.ReadAllText(main).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)
            : Quoted(new[] { CsvRecords.Read(main).Header }.Concat(CsvRecords.Read(main).Rows));
        File.Delete(main);
        using (var output = File.Create(main + ".gz"))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write([0xEF, 0xBB, 0xBF]);
            gzip.Write(new UTF8Encoding(false).GetBytes(text));
        }

        var a = temp.File("a.duckdb");
        var b = temp.File("b.duckdb");
        var first = Ingest(@case, a, plain);
        var second = Ingest(@case, b, variant);

        Assert.Equal(0, second.RowsRejected);
        Assert.Equal(first.RowsLoaded, second.RowsLoaded);
        Assert.Equal(first.Silver, second.Silver);
        var table = @case.Source.Files.Single(f => f.FileName.Equals(@case.MainFile, StringComparison.OrdinalIgnoreCase)).BronzeTable(@case.Source.Name);
        var sql = $"SELECT * EXCLUDE (_file_id, _ingested_at) FROM {table} ORDER BY _row_number";
        Assert.Equal(WarehouseProbe.Rows(a, sql), WarehouseProbe.Rows(b, sql));
    }
}
