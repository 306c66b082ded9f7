namespace Patron.Warehouse.Quality;

/// <summary>
/// How silver resolves what the quality checks find. The defaults: exact duplicates dropped, the first version of a
/// reused key kept and the others quarantined, returns kept as negative lines, orphans quarantined, outliers flagged.
/// </summary>
public sealed record QualityPolicy
{
    public static QualityPolicy Default { get; } = new();

    /// <summary>Orders naming an unknown customer and lines naming an unknown product: quarantined (default) or kept.</summary>
    public bool KeepOrphans { get; init; }

    /// <summary>Price outliers are flagged and kept (default) or quarantined.</summary>
    public bool QuarantineOutliers { get; init; }

    /// <summary>Orders placed before this day are quarantined as pre-opening timestamps; null takes the source's own
    /// earliest plausible day (2000-01-01 for most, earlier for historical data sets such as CDNOW).</summary>
    public DateOnly? ShopOpened { get; init; }
}
