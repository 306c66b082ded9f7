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
            sample = (x.SelectRows(rows), RowSample.Pick(y, rows));
            _samples[(x, rows)] = sample;
        }

        return sample;
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
