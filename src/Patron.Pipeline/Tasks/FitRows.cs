using Patron.Learning.Data;
using Patron.Learning.Evaluation;

namespace Patron.Pipeline.Tasks;

/// <summary>The rows the learners of a task fit on at each cutoff: null for every row, else a stratified seeded sample
/// (ascending) of at most <see cref="PipelineOptions.MaxTrainingRows"/> rows. The sampled matrices and labels are made
/// once per task and shared by its candidates, so millions of rows are not copied again for every fit.</summary>
/// <param name="Early">Rows of the earlier cutoff that fit the out-of-time models.</param>
/// <param name="Train">Rows of the training cutoff that the cross-validation folds and the refit use.</param>
internal sealed record FitRows(int[]? Early, int[]? Train)
{
    private readonly Dictionary<(FeatureMatrix, int[]), (FeatureMatrix, double[])> _samples = new(new SampleKey());

    /// <summary>The rows of <paramref name="x"/> and <paramref name="y"/> at <paramref name="rows"/> (one of
    /// <see cref="Early"/> or <see cref="Train"/>), or the whole of them when that is null.</summary>
    public (FeatureMatrix X, double[] Y) Select(FeatureMatrix x, double[] y, int[]? rows)
    {
        if (rows is null)
        {
            return (x, y);
        }

        if (x.RowCount != y.Length)
        {
            // A matrix already cut to these rows (CutoffData.AtRows): only the labels are picked.
            if (x.RowCount != rows.Length)
            {
                throw new ArgumentException(FormattableString.Invariant($"A matrix of {x.RowCount:N0} rows against {y.Length:N0} labels and {rows.Length:N0} fit rows."), nameof(x));
            }

            return (x, RowSample.Pick(y, rows));
        }

        if (!_samples.TryGetValue((x, rows), out var sample))
        {
            sample = (Widened(x, rows) ?? x.SelectRows(rows), RowSample.Pick(y, rows));
            _samples[(x, rows)] = sample;
        }

        return sample;
    }

    /// <summary>The sample of a wide view (features with the lifetime outputs) made from the sample of the narrow view
    /// whose column arrays it shares, as the whole views share them: only the added numeric columns are copied, not
    /// the shared ones a second time. Null when no sample of such a view is at hand.</summary>
    private FeatureMatrix? Widened(FeatureMatrix x, int[] rows)
    {
        foreach (var ((source, sourceRows), (narrow, _)) in _samples)
        {
            if (!ReferenceEquals(sourceRows, rows) || source.ColumnCount >= x.ColumnCount || !SharesColumns(source, x))
            {
                continue;
            }

            var extra = new List<KeyValuePair<string, double[]>>(x.ColumnCount - source.ColumnCount);
            for (var j = source.ColumnCount; j < x.ColumnCount; j++)
            {
                var column = x.Column(j);
                var values = new double[rows.Length];
                for (var k = 0; k < rows.Length; k++)
                {
                    values[k] = column[rows[k]];
                }

                extra.Add(new(x.Schema[j].Name, values));
            }

            // Floats widened to doubles and back are the same floats; the schema must come out the same too.
            var wide = narrow.WithNumericColumns(extra);
            return wide.Schema.Equals(x.Schema) ? wide : null;
        }

        return null;
    }

    private static bool SharesColumns(FeatureMatrix narrow, FeatureMatrix wide)
    {
        for (var j = 0; j < narrow.ColumnCount; j++)
        {
            if (narrow.Column(j) != wide.Column(j))
            {
                return false;
            }
        }

        return true;
    }

    // Matrices and row arrays are compared by reference: the cache holds samples of these very objects.
    private sealed class SampleKey : IEqualityComparer<(FeatureMatrix, int[])>
    {
        public bool Equals((FeatureMatrix, int[]) a, (FeatureMatrix, int[]) b) =>
            ReferenceEquals(a.Item1, b.Item1) && ReferenceEquals(a.Item2, b.Item2);

        public int GetHashCode((FeatureMatrix, int[]) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item2));
    }
}
