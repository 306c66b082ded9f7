namespace Patron.Warehouse.Ingest;

/// <summary>What happened to one file: loaded (with row counts) or skipped because the same content was already ingested.</summary>
public sealed record IngestedFile(string Key, string FileName, string Status, long RowsLoaded, long RowsRejected, IReadOnlyList<string> IgnoredColumns)
{
    public const string Loaded = "loaded";
    public const string Skipped = "skipped (already ingested)";
}
