namespace Patron.Features.Sessions;

/// <summary>Which web sessions a <see cref="SessionFeatureBuilder"/> build writes: those whose start time falls in
/// [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record SessionBuildOptions
{
    /// <summary>First start time written (inclusive); null = from the first session.</summary>
    public DateTime? From { get; init; }

    /// <summary>End of the window (exclusive); nothing at or after it is read.</summary>
    public required DateTime To { get; init; }

    /// <summary>How many partitions of customers the known customers' timelines are sorted and read in (each partition's
    /// sort then holds only its customers' rows); null picks one partition per <see cref="TimelineBytesPerRow"/> bytes
    /// of DuckDB's memory limit per timeline row. The gold does not depend on it.</summary>
    public int? TimelinePartitions { get; init; }

    /// <summary>Bytes of DuckDB's memory limit per timeline row of a partition when <see cref="TimelinePartitions"/> is
    /// null. DuckDB's sort holds each row it sorts in memory (about 90 bytes at 10M lines; it did not spill them), so a
    /// partition takes about a fifth of the limit, beside the staged sessions and the history.</summary>
    public long TimelineBytesPerRow { get; init; } = 512;

    internal void Validate()
    {
        if (TimelinePartitions is { } p)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(p, 1, nameof(TimelinePartitions));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1024, nameof(TimelinePartitions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(TimelineBytesPerRow, 1, nameof(TimelineBytesPerRow));
        if (From is { } from && from >= To)
        {
            throw new ArgumentException($"The session window [{from:yyyy-MM-dd HH:mm:ss}, {To:yyyy-MM-dd HH:mm:ss}) is empty: From must come before To.");
        }
    }
}
