using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>What to mine: the baskets before a cutoff at a level, and the mining thresholds.</summary>
public sealed record RuleBuildOptions
{
    /// <summary>Only orders placed before this day; null = every order (the cutoff becomes the day after the last purchase).</summary>
    public DateOnly? Cutoff { get; init; }

    public RuleLevel Level { get; init; } = RuleLevel.Product;

    public BasketKind By { get; init; } = BasketKind.Order;

    public RuleMiningOptions Mining { get; init; } = new();
}
