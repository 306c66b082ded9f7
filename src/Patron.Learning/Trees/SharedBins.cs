using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>The bins and byte codes of feature columns, computed once and shared by every tree fit that reads the same
/// column arrays: the candidates of a selection, their folds, early stopping and the refit bin each matrix once.</summary>
/// <remarks>A column is known by its array (matrices are immutable and share arrays, e.g. a matrix widened with
/// <see cref="FeatureMatrix.WithNumericColumns"/>), with its kind and the bin count asked for. Its bins come from every
/// row of the column, whatever rows a fit then trains on, so a fold's trees split on the same cut points as the
/// refit's; the bins read feature values only, never labels. Thread-safe: a column is binned once even when fits
/// running side by side ask for it at the same time.</remarks>
internal sealed class SharedBins
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Key, Lazy<(FeatureBins Bins, byte[] Codes)>> _columns = [];

    /// <summary>The binned form of <paramref name="x"/>, its columns binned now or taken from earlier fits.</summary>
    public BinnedMatrix For(FeatureMatrix x, int maxBins, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(x);
        var features = x.ColumnCount;
        var entries = new Lazy<(FeatureBins Bins, byte[] Codes)>[features];
        lock (_gate)
        {
            for (var f = 0; f < features; f++)
            {
                var column = x.GetColumnArray(f);
                var spec = x.Schema[f];
                var key = new Key(column, maxBins, spec.Kind, spec.Kind == FeatureKind.Categorical ? spec.LevelCount : 0);
                if (!_columns.TryGetValue(key, out var entry))
                {
                    entry = new Lazy<(FeatureBins, byte[])>(() => BinnedMatrix.BinColumn(spec, column, maxBins), LazyThreadSafetyMode.ExecutionAndPublication);
                    _columns.Add(key, entry);
                }

                entries[f] = entry;
            }
        }

        var bins = new FeatureBins[features];
        var codes = new byte[features][];
        Parallel.For(0, features, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, f =>
            (bins[f], codes[f]) = entries[f].Value);
        return new BinnedMatrix(bins, codes, x.RowCount);
    }

    // The array is compared by reference (arrays do not override Equals): the same cells, not equal cells.
    private readonly record struct Key(float[] Column, int MaxBins, FeatureKind Kind, int Levels);
}
