namespace Patron.Features.Sessions;

/// <summary>Which web sessions a <see cref="SessionFeatureBuilder"/> build writes: those whose start time falls in
/// [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record SessionBuildOptions
{
    /// <summary>First start time written (inclusive); null = from the first session.</summary>
    public DateTime? From { get; init; }

    /// <summary>End of the window (exclusive); nothing at or after it is read.</summary>
    public required DateTime To { get; init; }

    internal void Validate()
    {
        if (From is { } from && from >= To)
        {
            throw new ArgumentException($"The session window [{from:yyyy-MM-dd HH:mm:ss}, {To:yyyy-MM-dd HH:mm:ss}) is empty: From must come before To.");
        }
    }
}
