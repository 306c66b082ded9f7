namespace Patron.Warehouse.Sources;

/// <summary>One file of a source: the name it is found by, the columns it must have and the bronze table it lands in.</summary>
/// <param name="Key">Short logical name (e.g. <c>transactions</c>); the bronze table is <c>bronze.{source}_{key}</c>.</param>
/// <param name="FileName">File name inside the source folder, without <c>.gz</c>.</param>
/// <param name="Columns">Declared columns, by header name.</param>
/// <param name="Required">Whether ingest fails when the folder lacks this file.</param>
public sealed record SourceFile(string Key, string FileName, IReadOnlyList<SourceColumn> Columns, bool Required = true)
{
    public char Delimiter { get; init; } = ',';

    /// <summary>How fields are separated; whitespace files may lack a header and are then read by position.</summary>
    public FileLayout Layout { get; init; } = FileLayout.Delimited;

    /// <summary>Other file names accepted for this file (exports renamed by different tools).</summary>
    public IReadOnlyList<string> AlternateNames { get; init; } = [];

    /// <summary>strptime format for timestamp columns without a format of their own.</summary>
    public string? TimestampFormat { get; init; }

    public IEnumerable<string> AcceptedNames
    {
        get
        {
            yield return FileName;
            foreach (var name in AlternateNames)
            {
                yield return name;
            }
        }
    }

    public string BronzeTable(string source) => $"bronze.{source.Replace('-', '_')}_{Key}";

    public SourceColumn? FindColumn(string headerName)
    {
        foreach (var column in Columns)
        {
            if (column.Matches(headerName))
            {
                return column;
            }
        }

        return null;
    }
}
