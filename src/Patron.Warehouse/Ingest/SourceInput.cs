using System.Globalization;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

/// <summary>One input file matched to its declaration: where it is, its hash and how its header maps onto the columns.</summary>
internal sealed class SourceInput
{
    public SourceInput(SourceFile file, string fullPath)
    {
        File = file;
        FullPath = Path.GetFullPath(fullPath);
        DisplayName = Path.GetFileName(fullPath);
    }

    public SourceFile File { get; }

    public string FullPath { get; }

    public string DisplayName { get; }

    public string Sha256 { get; private set; } = "";

    public long SizeBytes { get; private set; }

    /// <summary>Non-empty records after the header: what the file holds to be read (each ends loaded or rejected).</summary>
    public long DataRecords { get; private set; }

    /// <summary>The file's header fields in order; for each, the declared column it fills, or null when ignored.</summary>
    public IReadOnlyList<(string Header, SourceColumn? Column)> Layout { get; private set; } = [];

    public IReadOnlyList<string> IgnoredColumns { get; private set; } = [];

    /// <summary>Whether line 1 is a header (always for CSV; for whitespace files, when it names the columns).</summary>
    public bool HasHeader { get; private set; } = true;

    /// <summary>Reads the header and hashes the content; throws <see cref="InputException"/> when the header does not fit.</summary>
    public void Prepare()
    {
        IReadOnlyList<string> header;
        if (File.Layout == FileLayout.Whitespace)
        {
            var fields = WhitespaceHeader.FirstLineFields(FullPath, DisplayName);
            var analysis = WhitespaceHeader.Analyze(File, fields)
                ?? throw new InputException(DisplayName, 1, null,
                    string.Create(CultureInfo.InvariantCulture, $"line 1 is neither a header naming {string.Join(" ", File.Columns.Select(c => c.Name))} nor a data row of {File.Columns.Count} whitespace-separated fields; found {fields.Length} field(s): {string.Join(" ", fields)}"));
            header = analysis.Names;
            HasHeader = analysis.HasHeader;
        }
        else
        {
            header = CsvHeader.Read(FullPath, DisplayName, File.Delimiter);
        }

        var missing = HeaderMatch.Missing(File, header);
        if (missing.Count > 0)
        {
            var expected = new List<string>();
            foreach (var column in File.Columns)
            {
                if (!column.Optional)
                {
                    expected.Add(column.Name);
                }
            }

            throw new InputException(DisplayName, 1, missing[0],
                $"the header lacks {(missing.Count == 1 ? "column" : "columns")} {string.Join(", ", missing.Select(m => "'" + m + "'"))}; "
                + $"expected {string.Join(",", expected)}; found {string.Join(",", header)}");
        }

        var layout = new List<(string, SourceColumn?)>(header.Count);
        var ignored = new List<string>();
        var used = new HashSet<SourceColumn>();
        foreach (var name in header)
        {
            var column = File.FindColumn(name);
            if (column is not null && !used.Add(column))
            {
                throw new InputException(DisplayName, 1, name, $"the header names column '{column.Name}' twice");
            }

            if (column is null)
            {
                ignored.Add(name);
            }

            layout.Add((name, column));
        }

        Layout = layout;
        IgnoredColumns = ignored;
        SizeBytes = new FileInfo(FullPath).Length;
        var scanner = File.Layout == FileLayout.Whitespace ? new RecordScanner('\u0001', quotes: false) : new RecordScanner(File.Delimiter, quotes: true);
        (Sha256, var records) = FileScan.Run(FullPath, DisplayName, scanner);
        DataRecords = HasHeader ? Math.Max(records - 1, 0) : records;
    }
}
