using Patron.Warehouse.Sources;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// One shop written in a source's own file format twice: as exported at the cutoff (rows dated before it only) and as
/// exported later (the same rows plus rows dated at or after the cutoff). Each side is a list of folders ingested in
/// order, each at its own clock time, so a re-export (customers.csv with changed attributes) arrives as a later ingest.
/// </summary>
/// <param name="Source">The adapter that reads the files.</param>
/// <param name="Cutoff">Features are compared at this cutoff.</param>
/// <param name="Before">Folders of the export made at the cutoff.</param>
/// <param name="Whole">Folders of the later export.</param>
internal sealed record ShopExport(ISourceAdapter Source, DateOnly Cutoff, IReadOnlyList<string> Before, IReadOnlyList<string> Whole);
