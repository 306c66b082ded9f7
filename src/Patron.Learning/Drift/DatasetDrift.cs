namespace Patron.Learning.Drift;

/// <summary>Drift of a whole dataset: every feature column and every model score, the share of drifted columns and
/// the dataset verdict.</summary>
/// <remarks>The share counts features and scores together, over the columns that were judged (a column with no value
/// on a side is listed but not counted), as Evidently counts prediction columns with the others. Immutable.</remarks>
public sealed record DatasetDrift
{
    /// <summary>One entry per feature column.</summary>
    public required IReadOnlyList<ColumnDrift> Features { get; init; }

    /// <summary>One entry per model score.</summary>
    public required IReadOnlyList<ColumnDrift> Scores { get; init; }

    /// <summary>Columns judged (method other than none).</summary>
    public required int JudgedColumns { get; init; }

    /// <summary>Columns that drifted.</summary>
    public required int DriftedColumns { get; init; }

    /// <summary>DriftedColumns / JudgedColumns (0 when none was judged).</summary>
    public required double DriftedShare { get; init; }

    /// <summary>The share threshold the verdict used.</summary>
    public required double ShareThreshold { get; init; }

    /// <summary>The verdict: the share reached <see cref="DriftOptions.DatasetShare"/>.</summary>
    public required bool Drifted { get; init; }

    /// <summary>Aggregates the columns' verdicts.</summary>
    public static DatasetDrift Create(IReadOnlyList<ColumnDrift> features, IReadOnlyList<ColumnDrift> scores, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(options);
        int judged = 0, drifted = 0;
        foreach (var list in new[] { features, scores })
        {
            foreach (var column in list)
            {
                if (column.Method != DriftMethod.None)
                {
                    judged++;
                    drifted += column.Drifted ? 1 : 0;
                }
            }
        }

        var share = judged == 0 ? 0.0 : (double)drifted / judged;
        return new DatasetDrift
        {
            Features = features,
            Scores = scores,
            JudgedColumns = judged,
            DriftedColumns = drifted,
            DriftedShare = share,
            ShareThreshold = options.DatasetShare,
            Drifted = judged > 0 && share >= options.DatasetShare,
        };
    }
}
