using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources;

/// <summary>
/// Maps one kind of export onto the canonical model. An adapter only declares its files and writes the SQL that
/// turns its bronze tables into the staging views of the canonical model (plus any checks of its own); resolution,
/// the shared quality checks and everything downstream are shared.
/// </summary>
public interface ISourceAdapter
{
    /// <summary>The name used on the command line (<c>--source generic</c>) and in the <c>source</c> column.</summary>
    string Name { get; }

    string Description { get; }

    IReadOnlyList<SourceFile> Files { get; }

    /// <summary>Checks of this source only, run after the shared resolution; their SQL is <see cref="ChecksSql"/>.</summary>
    IReadOnlyList<QualityCheck> Checks { get; }

    /// <summary>
    /// SQL that inserts this source's own findings into <c>silver.quality_issues</c>, run after the shared resolution
    /// with the placeholders <c>{source}</c> and <c>{staging}</c> filled in; null when the source has no checks of its own.
    /// </summary>
    string? ChecksSql { get; }

    /// <summary>Orders before this day are implausible for this kind of data (unless the quality policy says otherwise).</summary>
    DateOnly ShopOpened { get; }

    /// <summary>
    /// SQL that creates (or replaces) the views <c>staging_{name}.customers</c>, <c>.products</c>, <c>.orders</c> and
    /// <c>.order_lines</c> (and optionally <c>.payments</c>, <c>.reviews</c>, <c>.sessions</c>, <c>.events</c>,
    /// <c>.shopper_sessions</c>) over this source's bronze tables, with the silver columns plus <c>_source_file</c>,
    /// <c>_row_number</c> and <c>_ingested_at</c>. <paramref name="options"/> carries per-source settings such as
    /// the order statuses that count as purchases.
    /// </summary>
    string StagingSql(IngestOptions options);

    /// <summary>
    /// Whether the source adds to a shop another source brought (posted events): its orders' customers and its lines'
    /// products are then also looked up among every other source's silver rows before they count as orphans. False for
    /// a source that is a whole shop by itself.
    /// </summary>
    bool ExtendsWarehouse => false;

    /// <summary>
    /// Whether each row of <c>staging_{name}.orders</c> is exactly one row of <c>.order_lines</c> with the same order id
    /// and the other way round (one line per order, both views over the same bronze rows, neither filtering them): the
    /// resolution then counts each order id's orders and lines in one pass over the lines instead of over both views.
    /// </summary>
    bool OneLinePerOrder => false;

    /// <summary>How confident the adapter is that <paramref name="path"/> (a folder or one file) holds its files: 0 (not at all) to 1.</summary>
    double Detect(string path);
}
