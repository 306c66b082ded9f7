using System.Text;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>The foundation's bad-input guarantees for every source: the error names the file (and line, and column where
/// the header names one), and the warehouse is left as it was; re-ingesting is a no-op and a changed export appends.</summary>
public sealed class SourceBadInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(SourceCase @case, string warehouse, string folder, bool strict = false, DateTimeOffset? at = null)
        => new Ingestor(new FixedTime(at ?? Now)).Ingest(warehouse, @case.Source, folder, new IngestOptions(strict));

    /// <summary>Fails into a new warehouse (none left behind) and into a filled one (unchanged), with the same message.</summary>
    private static InputException AssertFailsCleanly(SourceCase @case, Action<string> damage, bool strict = false)
    {
        using var temp = new TempFolder();
        var bad = @case.WriteExport(temp.Folder("bad"));
        damage(Path.Combine(bad, @case.MainFile));

        var fresh = temp.File("fresh.duckdb");
        var first = Assert.Throws<InputException>(() => Ingest(@case, fresh, bad, strict));
        Assert.False(File.Exists(fresh), "a failed first ingest must not leave a warehouse file behind");

        var filled = temp.File("filled.duckdb");
        Ingest(@case, filled, @case.WriteExport(temp.Folder("good")));
        var before = WarehouseProbe.Fingerprint(filled);
        var second = Assert.Throws<InputException>(() => Ingest(@case, filled, bad, strict, Now.AddHours(1)));
        Assert.Equal(before, WarehouseProbe.Fingerprint(filled));
        Assert.Equal(first.Message, second.Message);
        return first;
    }

    private static byte[] Bytes(string path) => File.ReadAllBytes(path);

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_WrongHeader_NamesFileAndLineOne(string source)
    {
        var @case = SourceCase.Get(source);

        var error = AssertFailsCleanly(@case, path =>
        {
            var lines = File.ReadAllLines(path);
            lines[0] = lines[0].Replace(@case.RequiredColumn, @case.RequiredColumn + "x", StringComparison.Ordinal);
            File.WriteAllLines(path, lines);
        });

        Assert.Equal(@case.MainFile, error.File);
        Assert.Equal(1, error.Line);
        if (@case.HeaderNamesColumn)
        {
            Assert.Equal(@case.RequiredColumn, error.Column);
        }
    }

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_TruncatedFile_RejectsTheCutLineAndFailsUnderStrict(string source)
    {
        var @case = SourceCase.Get(source);
        static void Cut(string path)
        {
            var text = File.ReadAllText(path).TrimEnd('\r', '\n');
            var lastLine = text.LastIndexOf('\n') + 1;
            File.WriteAllText(path, text[..(lastLine + ((text.Length - lastLine) / 2))]);
        }

        var error = AssertFailsCleanly(@case, Cut, strict: true);
        Assert.Equal(@case.MainFile, error.File);
        Assert.NotNull(error.Line);

        using var temp = new TempFolder();
        var folder = @case.WriteExport(temp.Folder("export"));
        var main = Path.Combine(folder, @case.MainFile);
        var complete = File.ReadAllText(main).TrimEnd('\r', '\n').Split('\n').Length;
        Cut(main);
        var result = Ingest(@case, temp.File("w.duckdb"), folder);
        var file = result.Files.Single(f => f.FileName == @case.MainFile);
        Assert.Equal(1, file.RowsRejected);
        Assert.Contains(result.RejectSamples, r => r.FileName == @case.MainFile && r.Line == complete);
    }

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_InvalidUtf8_NamesFileAndLine(string source)
    {
        var @case = SourceCase.Get(source);

        var error = AssertFailsCleanly(@case, path =>
        {
            var bytes = new List<byte>(Bytes(path));
            var lineStarts = new List<int> { 0 };
            for (var i = 0; i < bytes.Count - 1; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    lineStarts.Add(i + 1);
                }
            }

            // Inside the third line (the second data row), in front of its first letter so it lands in a text field
            // (a number with a stray byte is a cast error first); lines without letters get it after the first character.
            var at = lineStarts[2] + 1;
            for (var i = lineStarts[2]; i < lineStarts[3]; i++)
            {
                if (char.IsAsciiLetter((char)bytes[i]))
                {
                    at = i;
                    break;
                }
            }

            bytes.Insert(at, 0xFF);
            File.WriteAllBytes(path, [.. bytes]);
        }, strict: true);

        Assert.Equal(@case.MainFile, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("utf-8", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_SameExportTwice_IsANoOpAndAChangedExportAppends(string source)
    {
        var @case = SourceCase.Get(source);
        using var temp = new TempFolder();
        var first = @case.WriteExport(temp.Folder("first"));
        var warehouse = temp.File("w.duckdb");
        var loaded = Ingest(@case, warehouse, first).Files.Single(f => f.FileName == @case.MainFile).RowsLoaded;
        var before = WarehouseProbe.Fingerprint(warehouse);

        var again = Ingest(@case, warehouse, first, at: Now.AddHours(1));

        Assert.True(again.NothingNew);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));

        // A later export: the main file without its first data row, so its content differs.
        var second = @case.WriteExport(temp.Folder("second"));
        var main = Path.Combine(second, @case.MainFile);
        var lines = File.ReadAllLines(main, Encoding.UTF8).ToList();
        lines.RemoveAt(1);
        File.WriteAllLines(main, lines);
        var appended = Ingest(@case, warehouse, second, at: Now.AddHours(2));

        Assert.False(appended.NothingNew);
        var file = appended.Files.Single(f => f.FileName == @case.MainFile);
        Assert.Equal(IngestedFile.Loaded, file.Status);
        Assert.Equal(loaded - 1, file.RowsLoaded);
        Assert.Equal(2, WarehouseProbe.Count(warehouse, $"SELECT count(DISTINCT ingest_id) FROM bronze.ingest_log WHERE file_name = '{@case.MainFile}'"));
    }
}
