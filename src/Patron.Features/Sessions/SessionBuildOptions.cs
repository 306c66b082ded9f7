namespace Patron.Features.Sessions;

/// <summary>Which web sessions a <see cref="SessionFeatureBuilder"/> build writes: those whose start time falls in
/// [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record SessionBuildOptions
{
    /// <summary>First start time written (inclusive); null = from the first session.</summary>
    public DateTime? From { get; init; }

    /// <summary>End of the window (exclusive); nothing at or after it is read.</summary>
    public required DateTime To { get; init; }

    /// <summary>How many parts the sessions are staged in and their history computed in, one after another (each
    /// part sorts and groups only its share of the sessions, so a large shop stays within DuckDB's memory); null = one
    /// part per <see cref="SessionFeatureBuilder.SessionsPerPart"/> sessions. The rows written do not depend on it.</summary>
    public int? Parts { get; init; }

    internal void Validate()
    {
        if (Parts is < 1)
        {
            throw new ArgumentException($"The session build needs at least one part (Parts = {Parts}).");
        }

        if (From is { } from && from >= To)
        {
            throw new ArgumentException($"The session window [{from:yyyy-MM-dd HH:mm:ss}, {To:yyyy-MM-dd HH:mm:ss}) is empty: From must come before To.");
        }
    }
}
