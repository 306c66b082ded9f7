namespace Patron.Features.Build;

/// <summary>What a feature build wrote, with the label rates of its horizon.</summary>
/// <remarks>Rates are shares (0-1) of the customers of the cutoff; NaN when there are none.</remarks>
public sealed record FeatureBuildResult
{
    public required DateOnly Cutoff { get; init; }

    public required int HorizonDays { get; init; }

    /// <summary>Customers with a purchase before the cutoff: rows written to <c>gold.customer_features</c>.</summary>
    public required long Customers { get; init; }

    /// <summary>Feature columns (without <c>customer_id</c> and <c>cutoff</c>).</summary>
    public required int Features { get; init; }

    public required double ChurnRate { get; init; }

    /// <summary>Share with at least one purchase in the horizon, over all customers.</summary>
    public required double RepeatRate { get; init; }

    /// <summary>Share with at least one purchase in the horizon, over customers with exactly one purchase before the cutoff.</summary>
    public required double RepeatRateOneTimeBuyers { get; init; }

    /// <summary>The 75th percentile of future spend (the high-value threshold).</summary>
    public required double HighValueThreshold { get; init; }

    /// <summary>The 95th percentile of future spend (the top-5% threshold).</summary>
    public required double Top5Threshold { get; init; }

    /// <summary>False when the warehouse's last order is before the end of the horizon, so labels may undercount.</summary>
    public required bool HorizonCovered { get; init; }

    /// <summary>How many partitions of customers the KPIs were gathered in (1 when no KPIs were built).</summary>
    public int Partitions { get; init; } = 1;

    public required TimeSpan Elapsed { get; init; }
}
