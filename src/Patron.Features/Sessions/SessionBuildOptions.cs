namespace Patron.Features.Sessions;

/// <summary>Which web sessions a <see cref="SessionFeatureBuilder"/> build writes: those whose start time falls in
/// [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record SessionBuildOptions
{
    /// <summary>First start time written (inclusive); null = from the first session.</summary>
    public DateTime? From { get; init; }

    /// <summary>End of the window (exclusive); nothing at or after it is read.</summary>
    public required DateTime To { get; init; }

    /// <summary>History rows appended between two checkpoints of the session history's database while the customers'
    /// timeline streams (at least 2,048, one chunk): each checkpoint compresses what was appended, so the history's
    /// uncompressed part stays this small beside the timeline's sorted rows. The gold does not depend on it.</summary>
    public long HistoryBatchRows { get; init; } = 2_097_152;

    internal void Validate()
    {
        if (HistoryBatchRows < 2048)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryBatchRows), HistoryBatchRows, "The history is checkpointed every 2,048 rows at most often.");
        }

        if (From is { } from && from >= To)
        {
            throw new ArgumentException($"The session window [{from:yyyy-MM-dd HH:mm:ss}, {To:yyyy-MM-dd HH:mm:ss}) is empty: From must come before To.");
        }
    }
}
