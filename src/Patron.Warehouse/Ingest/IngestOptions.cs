using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Ingest;

/// <summary>Options of one ingest.</summary>
/// <param name="Strict">Fail, and store nothing, when any row is rejected.</param>
public sealed record IngestOptions(bool Strict = false)
{
    public QualityPolicy Policy { get; init; } = QualityPolicy.Default;

    /// <summary>How slash-separated dates are read where a source's columns accept both orders.</summary>
    public DateOrder DateOrder { get; init; } = DateOrder.Auto;

    /// <summary>Order statuses that count as purchases, for sources with statuses (Olist); null keeps the source's default.</summary>
    public IReadOnlyList<string>? PurchaseStatuses { get; init; }

    /// <summary>DuckDB's memory limit for this ingest (DuckDB syntax, e.g. <c>3GB</c>); null for
    /// <see cref="WarehouseFile.MemoryLimit"/> (<c>PATRON_MEMORY_LIMIT</c> or the machine-derived default).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>For <see cref="Ingestor.Append"/> of a server's journaled events: the last journal sequence the files
    /// hold, recorded in <c>bronze.event_journal</c> in the ingest's own transaction (committed even when nothing in the
    /// files is new), so that after a crash exactly the records past it are applied again; null records nothing.</summary>
    public long? JournalSequence { get; init; }

    /// <summary>Whether a CSV file is read on every thread DuckDB has (<see cref="Ingestor"/>'s parallel load), or always
    /// the numbered way on one thread; the two store the same rows, and tests compare them.</summary>
    internal bool ParallelReads { get; init; } = true;

    /// <summary>Whether an ingest into an existing warehouse commits its statements one by one and swaps its rows in at
    /// the end (<see cref="Ingestor"/>'s staged rebuild), or runs in one transaction; the two store the same rows, and
    /// tests compare them.</summary>
    internal bool StagedRebuild { get; init; } = true;
}
