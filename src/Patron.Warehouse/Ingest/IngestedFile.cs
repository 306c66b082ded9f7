namespace Patron.Warehouse.Ingest;

/// <summary>What happened to one file: loaded (with row counts) or skipped because the same content was already ingested.</summary>
/// <param name="Key">The declared file's key (e.g. <c>transactions</c>).</param>
/// <param name="FileName">The file's name as found.</param>
/// <param name="Status"><see cref="Loaded"/> or <see cref="Skipped"/>.</param>
/// <param name="RowsLoaded">Records stored in bronze (kept in silver or quarantined there).</param>
/// <param name="RowsRejected">Records that could not be read (one each in <c>bronze.rejects</c>).</param>
/// <param name="IgnoredColumns">Header columns the source does not read.</param>
/// <param name="RowsRead">Non-empty records after the header; always <see cref="RowsLoaded"/> + <see cref="RowsRejected"/>.</param>
/// <param name="RowsQuarantined">Loaded records that silver's checks set aside (in <c>silver.quarantine</c>).</param>
public sealed record IngestedFile(string Key, string FileName, string Status, long RowsLoaded, long RowsRejected, IReadOnlyList<string> IgnoredColumns,
    long RowsRead = 0, long RowsQuarantined = 0)
{
    public const string Loaded = "loaded";
    public const string Skipped = "skipped (already ingested)";

    /// <summary>Loaded records that silver kept: <see cref="RowsLoaded"/> minus <see cref="RowsQuarantined"/>.</summary>
    public long RowsKept => RowsLoaded - RowsQuarantined;

    /// <summary>The file's count as one equation: read = kept + quarantined + rejected.</summary>
    public string Equation => System.FormattableString.Invariant($"{RowsRead} read = {RowsKept} kept + {RowsQuarantined} quarantined + {RowsRejected} rejected");
}
