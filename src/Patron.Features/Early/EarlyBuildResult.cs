namespace Patron.Features.Early;

/// <summary>What one build of the early-high-value tables wrote.</summary>
/// <param name="Cutoff">The cutoff.</param>
/// <param name="HorizonDays">The label horizon in days.</param>
/// <param name="Customers">Customers of the cohort (first purchase in the 30 days before the cutoff).</param>
/// <param name="Top5">Cohort customers labelled top 5 %.</param>
/// <param name="Top25">Cohort customers labelled top 25 %.</param>
public sealed record EarlyBuildResult(DateOnly Cutoff, int HorizonDays, long Customers, long Top5, long Top25);
