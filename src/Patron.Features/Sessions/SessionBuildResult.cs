namespace Patron.Features.Sessions;

/// <summary>What a session feature build wrote.</summary>
public sealed record SessionBuildResult
{
    /// <summary>The kind of session table written.</summary>
    public required SessionKind Kind { get; init; }

    /// <summary>Sessions written (rows of the feature table for the window, or of the whole shopper table).</summary>
    public required long Sessions { get; init; }

    /// <summary>Of those, sessions that ended in a purchase.</summary>
    public required long Purchases { get; init; }

    /// <summary>Of those, sessions of known customers (web sessions; 0 for shopper sessions).</summary>
    public required long KnownVisitors { get; init; }

    /// <summary>Web sessions without a start time: they cannot be placed in time, so they get no row.</summary>
    public required long Undated { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
