namespace Patron.Warehouse.Sources;

/// <summary>
/// Maps one kind of export onto the canonical model. An adapter only declares its files and writes the SQL that
/// turns its bronze tables into the staging views of the canonical model; resolution, quality and everything
/// downstream are shared.
/// </summary>
public interface ISourceAdapter
{
    /// <summary>The name used on the command line (<c>--source generic</c>) and in the <c>source</c> column.</summary>
    string Name { get; }

    string Description { get; }

    IReadOnlyList<SourceFile> Files { get; }

    /// <summary>
    /// SQL that creates (or replaces) the views <c>staging_{name}.customers</c>, <c>.products</c>, <c>.orders</c> and
    /// <c>.order_lines</c> (and optionally <c>.payments</c>, <c>.reviews</c>, <c>.sessions</c>, <c>.events</c>) over this
    /// source's bronze tables, with the silver columns plus <c>_source_file</c>, <c>_row_number</c> and <c>_ingested_at</c>.
    /// </summary>
    string StagingSql { get; }

    /// <summary>How confident the adapter is that <paramref name="folder"/> holds its files: 0 (not at all) to 1.</summary>
    double Detect(string folder);
}
