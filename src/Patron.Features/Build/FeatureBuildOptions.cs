namespace Patron.Features.Build;

/// <summary>What one feature build computes.</summary>
public sealed record FeatureBuildOptions
{
    /// <summary>The as-of date: features use rows with <c>ordered_at &lt; Cutoff</c> (00:00 of that day).</summary>
    public required DateOnly Cutoff { get; init; }

    /// <summary>Label horizon in days: labels use <c>Cutoff &lt;= ordered_at &lt; Cutoff + HorizonDays</c>.</summary>
    public int HorizonDays { get; init; } = 90;

    /// <summary>Also rebuild the <c>gold.kpi_*</c> tables as of the cutoff.</summary>
    public bool Kpis { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HorizonDays, 1, nameof(HorizonDays));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HorizonDays, 3660, nameof(HorizonDays));
    }
}
