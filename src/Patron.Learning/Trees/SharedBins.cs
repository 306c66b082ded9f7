using System.Runtime.CompilerServices;
using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>The bins and byte codes of feature columns, computed once and shared by every tree fit that reads the same
/// column arrays: the candidates of a selection, their folds, early stopping and the refit bin each matrix once, and
/// so do several selections over the same matrices when they are handed one instance
/// (<see cref="Selection.SelectionOptions.Bins"/>: the tasks of a run that read the same cutoffs).</summary>
/// <remarks>A column is known by its array (matrices are immutable and share arrays, e.g. a matrix widened with
/// <see cref="FeatureMatrix.WithNumericColumns"/>), with its kind and the bin count asked for. Its bins come from every
/// row of the column, whatever rows a fit then trains on, so a fold's trees split on the same cut points as the
/// refit's; the bins read feature values only, never labels, so whichever selection bins a column first, every one
/// gets the same bins. A column's bins live only as long as its array: they are held beside it, not keeping it alive
/// (a task's sample of rows and its codes go together). Thread-safe: a column is binned once even when fits running
/// side by side ask for it at the same time.</remarks>
public sealed class SharedBins
{
    private readonly Lock _gate = new();
    private readonly ConditionalWeakTable<float[], Dictionary<Key, Lazy<(FeatureBins Bins, byte[] Codes)>>> _columns = [];

    /// <summary>Columns binned so far and still alive (tests).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var (_, entries) in _columns)
                {
                    count += entries.Count;
                }

                return count;
            }
        }
    }

    /// <summary>The binned form of <paramref name="x"/>, its columns binned now or taken from earlier fits.</summary>
    internal BinnedMatrix For(FeatureMatrix x, int maxBins, int maxDegreeOfParallelism)
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
                var key = new Key(maxBins, spec.Kind, spec.Kind == FeatureKind.Categorical ? spec.LevelCount : 0);
                var ofColumn = _columns.GetValue(column, static _ => new Dictionary<Key, Lazy<(FeatureBins Bins, byte[] Codes)>>());
                if (!ofColumn.TryGetValue(key, out var entry))
                {
                    entry = new Lazy<(FeatureBins, byte[])>(() => BinnedMatrix.BinColumn(spec, column, maxBins), LazyThreadSafetyMode.ExecutionAndPublication);
                    ofColumn.Add(key, entry);
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

    // The array itself is the table's key (compared by reference: the same cells, not equal cells).
    private readonly record struct Key(int MaxBins, FeatureKind Kind, int Levels);
}
