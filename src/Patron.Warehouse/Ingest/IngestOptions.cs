using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Ingest;

/// <summary>Options of one ingest.</summary>
/// <param name="Strict">Fail, and store nothing, when any row is rejected.</param>
public sealed record IngestOptions(bool Strict = false)
{
    public QualityPolicy Policy { get; init; } = QualityPolicy.Default;
}
