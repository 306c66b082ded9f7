namespace Patron.Features.Dashboard;

/// <summary>The dashboard's global filter: a date range for everything counted from orders, sessions and events, and
/// the customers kept by the run's segment, their country and their acquisition channel.</summary>
/// <remarks>A null criterion keeps every customer. <see cref="To"/> is inclusive.</remarks>
public sealed record DashboardFilter
{
    /// <summary>First day of the range.</summary>
    public required DateOnly From { get; init; }

    /// <summary>Last day of the range (inclusive).</summary>
    public required DateOnly To { get; init; }

    /// <summary>The run's segment (predictions.csv <c>segment</c>), or null for all.</summary>
    public string? Segment { get; init; }

    /// <summary>The customer's country, or null for all.</summary>
    public string? Country { get; init; }

    /// <summary>The customer's acquisition channel, or null for all.</summary>
    public string? Channel { get; init; }

    /// <summary>Whether a customer criterion is set.</summary>
    public bool NarrowsCustomers => Segment is not null || Country is not null || Channel is not null;
}
